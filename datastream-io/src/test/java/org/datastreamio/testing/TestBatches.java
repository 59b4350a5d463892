package org.datastreamio.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.apache.arrow.vector.util.Text;

/** Small Arrow batches with known values, and a way to read any batch back as plain Java values. */
public final class TestBatches {
  public static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
              new Field(
                  "score",
                  FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                  null)));

  private TestBatches() {}

  /**
   * Rows {@code first .. first+count-1}: id, "name-<id>" (null every 7th), id * 0.5 (null every
   * 11th).
   */
  public static VectorSchemaRoot rows(BufferAllocator allocator, long first, int count) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    fill(root, first, count);
    return root;
  }

  public static void fill(VectorSchemaRoot root, long first, int count) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    Float8Vector score = (Float8Vector) root.getVector("score");
    root.allocateNew();
    for (int i = 0; i < count; i++) {
      long v = first + i;
      id.setSafe(i, v);
      if (v % 7 == 0) {
        name.setNull(i);
      } else {
        name.setSafe(i, ("name-" + v + "-\u00e9\u6f22").getBytes(StandardCharsets.UTF_8));
      }
      if (v % 11 == 0) {
        score.setNull(i);
      } else {
        score.setSafe(i, v * 0.5);
      }
    }
    root.setRowCount(count);
  }

  /** The expected value list of row {@code v}, as {@link #values} reports it. */
  public static List<Object> expected(long v) {
    List<Object> row = new ArrayList<>();
    row.add(v);
    row.add(v % 7 == 0 ? null : "name-" + v + "-\u00e9\u6f22");
    row.add(v % 11 == 0 ? null : v * 0.5);
    return row;
  }

  /** Every row of the root's current batch as a list of Java values (Text becomes String). */
  public static List<List<Object>> values(VectorSchemaRoot root) {
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector v : root.getFieldVectors()) {
        Object o = v.getObject(r);
        row.add(o instanceof Text ? o.toString() : o);
      }
      rows.add(row);
    }
    return rows;
  }
}
