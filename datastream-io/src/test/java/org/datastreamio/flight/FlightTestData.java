package org.datastreamio.flight;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.TestBatches;

/**
 * Writes and reads whole streams through the SPI; rows are {@link TestBatches}' rows as value-list
 * strings.
 */
public final class FlightTestData {
  public static final Schema SCHEMA = TestBatches.SCHEMA;

  private FlightTestData() {}

  /** The rows {@code from .. from+count-1} as {@link #readAll} reports them, sorted. */
  public static List<String> expected(long from, long count) {
    List<String> out = new ArrayList<>();
    for (long v = from; v < from + count; v++) {
      out.add(TestBatches.expected(v).toString());
    }
    Collections.sort(out);
    return out;
  }

  /**
   * Writes {@code batches} batches of {@code rows} rows starting at id {@code from} through one
   * sink.
   */
  public static WrittenPart writePart(
      Transport t,
      StreamConfig config,
      org.datastreamio.spi.SinkContext ctx,
      BufferAllocator allocator,
      long from,
      int batches,
      int rows)
      throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BatchSink sink = t.openSink(config, ctx, SCHEMA, allocator)) {
      for (int b = 0; b < batches; b++) {
        TestBatches.fill(root, from + (long) b * rows, rows);
        sink.write(root);
      }
      return sink.finish();
    }
  }

  /** Every row of every partition, sorted. */
  public static List<String> readAll(Transport t, StreamConfig config, BufferAllocator allocator)
      throws IOException {
    List<String> out = new ArrayList<>();
    for (Partition p : t.listPartitions(config, allocator)) {
      out.addAll(read(t, config, p, 0, allocator));
    }
    Collections.sort(out);
    return out;
  }

  /** The rows of one partition from a batch on, in order. */
  public static List<String> read(
      Transport t, StreamConfig config, Partition p, long fromBatch, BufferAllocator allocator)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (BatchSource source = t.openSource(config, p, fromBatch, allocator)) {
      while (source.next()) {
        TestBatches.values(source.root()).forEach(row -> out.add(row.toString()));
      }
    }
    return out;
  }

  public static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    Collections.sort(copy);
    return copy;
  }
}
