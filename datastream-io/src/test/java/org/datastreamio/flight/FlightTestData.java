package org.datastreamio.flight;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.WrittenPart;

/** Rows built by hand ({@code id: int64, name: utf8}) and a reader that collects every row of a stream. */
public final class FlightTestData {
  public static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private FlightTestData() {}

  /** Loads rows {@code from .. from+count-1} into {@code root} (schema {@link #SCHEMA}). */
  public static void fill(VectorSchemaRoot root, long from, int count) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    for (int i = 0; i < count; i++) {
      id.setSafe(i, from + i);
      name.setSafe(i, ("row-" + (from + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    root.setRowCount(count);
  }

  /** The rows a fill of {@code from .. from+count-1} produces, as "id:name" strings. */
  public static List<String> expected(long from, long count) {
    List<String> out = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      out.add(i + ":row-" + i);
    }
    return out;
  }

  /** Writes {@code batches} batches of {@code rows} rows starting at id {@code from} through one sink. */
  public static WrittenPart writePart(Transport t, StreamConfig config, org.datastreamio.spi.SinkContext ctx,
      BufferAllocator allocator, long from, int batches, int rows) throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BatchSink sink = t.openSink(config, ctx, SCHEMA, allocator)) {
      for (int b = 0; b < batches; b++) {
        fill(root, from + (long) b * rows, rows);
        sink.write(root);
      }
      return sink.finish();
    }
  }

  /** Every row of every partition, sorted, as "id:name". */
  public static List<String> readAll(Transport t, StreamConfig config, BufferAllocator allocator) throws IOException {
    List<String> out = new ArrayList<>();
    for (Partition p : t.listPartitions(config, allocator)) {
      out.addAll(read(t, config, p, 0, allocator));
    }
    Collections.sort(out, FlightTestData::byId);
    return out;
  }

  public static List<String> read(Transport t, StreamConfig config, Partition p, long fromBatch, BufferAllocator allocator)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (BatchSource source = t.openSource(config, p, fromBatch, allocator)) {
      while (source.next()) {
        VectorSchemaRoot root = source.root();
        for (int i = 0; i < root.getRowCount(); i++) {
          out.add(root.getVector(0).getObject(i) + ":" + root.getVector(1).getObject(i));
        }
      }
    }
    return out;
  }

  public static int byId(String a, String b) {
    return Long.compare(Long.parseLong(a.substring(0, a.indexOf(':'))), Long.parseLong(b.substring(0, b.indexOf(':'))));
  }

  public static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(FlightTestData::byId);
    return copy;
  }
}
