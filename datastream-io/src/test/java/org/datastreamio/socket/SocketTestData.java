package org.datastreamio.socket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.WrittenPart;

/**
 * Hand-built vectors, row extraction for multiset comparison, and free ports, for the socket tests.
 */
final class SocketTestData {
  private SocketTestData() {}

  static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("name", FieldType.nullable(new ArrowType.Utf8()), null),
              new Field(
                  "score",
                  FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                  null)));

  /**
   * The row with this id: every 7th name and every 5th score is null, names include non-ASCII text.
   */
  static List<Object> row(long id) {
    return Arrays.asList(
        id, id % 7 == 3 ? null : "näme-" + id, id % 5 == 2 ? null : id * 0.5 - 3.25);
  }

  static List<List<Object>> rows(long from, long count) {
    List<List<Object>> out = new ArrayList<>();
    for (long id = from; id < from + count; id++) {
      out.add(row(id));
    }
    return out;
  }

  /** Fills {@code root} with rows {@code from .. from+count-1}. */
  static void fill(VectorSchemaRoot root, long from, int count) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    Float8Vector score = (Float8Vector) root.getVector("score");
    for (int i = 0; i < count; i++) {
      List<Object> r = row(from + i);
      id.setSafe(i, (Long) r.get(0));
      if (r.get(1) == null) {
        name.setNull(i);
      } else {
        name.setSafe(i, ((String) r.get(1)).getBytes(StandardCharsets.UTF_8));
      }
      if (r.get(2) == null) {
        score.setNull(i);
      } else {
        score.setSafe(i, (Double) r.get(2));
      }
    }
    root.setRowCount(count);
  }

  /** Writes rows {@code from ..} in batches of {@code batchRows} through a sink and finishes it. */
  static WrittenPart writeRows(
      BatchSink sink, BufferAllocator allocator, long from, int count, int batchRows)
      throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      for (int done = 0; done < count; done += batchRows) {
        fill(root, from + done, Math.min(batchRows, count - done));
        sink.write(root);
      }
    }
    return sink.finish();
  }

  static List<List<Object>> rowsOf(VectorSchemaRoot root) {
    List<List<Object>> out = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      List<Object> r = new ArrayList<>();
      for (FieldVector v : root.getFieldVectors()) {
        Object value = v.getObject(i);
        r.add(
            value == null
                ? null
                : value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
      }
      out.add(r);
    }
    return out;
  }

  static List<List<Object>> readAll(BatchSource source) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    while (source.next()) {
      out.addAll(rowsOf(source.root()));
    }
    return out;
  }

  /** Rows in a canonical order, so two multisets compare with assertEquals. */
  static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }
}
