package org.datastreamio.hop.rows;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;
import org.apache.hop.core.row.RowMeta;
import org.apache.hop.core.row.value.ValueMetaFactory;

/**
 * Reads Arrow batches into Hop rows of a declared layout. The Arrow fields are matched to the Hop
 * fields by name; a missing field or a type that does not map to the declared Hop type fails before
 * any row is read, naming every mismatch. Values are copied out, so rows outlive the batch.
 */
public final class HopArrowReader {

  private interface ValueReader {
    Object read(int index) throws Exception;
  }

  private final IRowMeta rowMeta;
  private final int[] arrowIndex;
  private final HopType[] hopTypes;
  private final ValueReader[] readers;
  private VectorSchemaRoot boundTo;

  /**
   * Fails with a {@link HopException} listing every field of {@code rowMeta} that {@code schema}
   * cannot fill.
   */
  public HopArrowReader(Schema schema, IRowMeta rowMeta, String streamName) throws HopException {
    this.rowMeta = rowMeta;
    int n = rowMeta.size();
    this.arrowIndex = new int[n];
    this.hopTypes = new HopType[n];
    this.readers = new ValueReader[n];
    List<String> problems = new ArrayList<>();
    List<Field> fields = schema.getFields();
    for (int i = 0; i < n; i++) {
      IValueMeta meta = rowMeta.getValueMeta(i);
      arrowIndex[i] = -1;
      for (int j = 0; j < fields.size(); j++) {
        if (fields.get(j).getName().equals(meta.getName())) {
          arrowIndex[i] = j;
          break;
        }
      }
      if (arrowIndex[i] < 0) {
        problems.add("field '" + meta.getName() + "' is not in the stream");
        continue;
      }
      Field field = fields.get(arrowIndex[i]);
      try {
        HopType wanted = HopType.of(meta);
        HopType actual = HopType.of(field);
        if (!wanted.canRead(field)) {
          problems.add(
              "field '"
                  + meta.getName()
                  + "' is "
                  + meta.getTypeDesc()
                  + " in Hop but "
                  + field.getType()
                  + (actual == null ? "" : " (Hop " + actual.hopTypeName() + ")")
                  + " in the stream");
        }
        hopTypes[i] = wanted;
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new HopException(
          "The fields of Data Stream '"
              + streamName
              + "' do not match the transform's fields: "
              + String.join("; ", problems)
              + ". The stream has: "
              + describe(schema)
              + ". Fix the transform's fields (or clear them to take the stream's).");
    }
  }

  /** The Hop layout that reads every field of an Arrow schema, in its order. */
  public static IRowMeta rowMeta(Schema schema) throws HopException {
    RowMeta rowMeta = new RowMeta();
    for (Field field : schema.getFields()) {
      HopType type = HopType.of(field);
      IValueMeta v = ValueMetaFactory.createValueMeta(field.getName(), type.hopTypeId());
      if (type == HopType.BIGNUMBER) {
        v.setPrecision(((ArrowType.Decimal) field.getType()).getScale());
      }
      rowMeta.addValueMeta(v);
    }
    return rowMeta;
  }

  static String describe(Schema schema) {
    List<String> out = new ArrayList<>();
    for (Field f : schema.getFields()) {
      out.add(f.getName() + " " + f.getType());
    }
    return String.join(", ", out);
  }

  public IRowMeta rowMeta() {
    return rowMeta;
  }

  /**
   * Reads row {@code index} of the root's current batch into a new row of {@code rowSize} slots
   * (Hop rows may have spare room at the end).
   */
  public Object[] read(VectorSchemaRoot root, int index, int rowSize) throws HopException {
    if (root != boundTo) {
      bind(root);
    }
    Object[] row = new Object[Math.max(rowSize, readers.length)];
    for (int i = 0; i < readers.length; i++) {
      FieldVector v = root.getVector(arrowIndex[i]);
      if (v.isNull(index)) {
        continue;
      }
      try {
        row[i] = readers[i].read(index);
      } catch (Exception e) {
        throw new HopException(
            "Cannot read field '"
                + rowMeta.getValueMeta(i).getName()
                + "' of row "
                + (index + 1)
                + " of the batch: "
                + e.getMessage(),
            e);
      }
    }
    return row;
  }

  /**
   * Builds the per-field readers for the vectors of this root (a source reuses one root per
   * schema).
   */
  private void bind(VectorSchemaRoot root) {
    for (int i = 0; i < readers.length; i++) {
      readers[i] = readerFor(hopTypes[i], root.getVector(arrowIndex[i]));
    }
    boundTo = root;
  }

  private static ValueReader readerFor(HopType type, FieldVector vector) {
    switch (type) {
      case STRING:
        return i -> new String(bytes(vector, i), StandardCharsets.UTF_8);
      case INTERNET_ADDRESS:
        return i -> InetAddress.getByName(new String(bytes(vector, i), StandardCharsets.US_ASCII));
      case BINARY:
        return i -> bytes(vector, i);
      case INTEGER:
        if (vector instanceof BigIntVector) {
          BigIntVector v = (BigIntVector) vector;
          return v::get;
        }
        return i -> {
          Object o = vector.getObject(i);
          return o instanceof Character ? (long) (Character) o : ((Number) o).longValue();
        };
      case NUMBER:
        if (vector instanceof Float8Vector) {
          Float8Vector v = (Float8Vector) vector;
          return v::get;
        }
        return i -> ((Number) vector.getObject(i)).doubleValue();
      case BIGNUMBER:
        return i -> (BigDecimal) vector.getObject(i);
      case BOOLEAN:
        {
          BitVector v = (BitVector) vector;
          return i -> v.get(i) != 0;
        }
      case DATE:
        return temporalReader(vector, false);
      case TIMESTAMP:
        return temporalReader(vector, true);
      default:
        throw new IllegalStateException("No reader for " + type);
    }
  }

  /** Dates and timestamps of any unit, as a Hop Date (milliseconds) or Timestamp (nanoseconds). */
  private static ValueReader temporalReader(FieldVector vector, boolean asTimestamp) {
    if (vector instanceof DateDayVector) {
      DateDayVector v = (DateDayVector) vector;
      return epochNanosReader(
          i -> Math.multiplyExact((long) v.get(i), 86_400_000_000_000L), asTimestamp);
    }
    if (vector instanceof DateMilliVector) {
      DateMilliVector v = (DateMilliVector) vector;
      return epochNanosReader(i -> Math.multiplyExact(v.get(i), 1_000_000L), asTimestamp);
    }
    TimeStampVector v = (TimeStampVector) vector;
    TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
    long nanosPerUnit;
    switch (unit) {
      case SECOND:
        nanosPerUnit = 1_000_000_000L;
        break;
      case MILLISECOND:
        nanosPerUnit = 1_000_000L;
        break;
      case MICROSECOND:
        nanosPerUnit = 1_000L;
        break;
      default:
        nanosPerUnit = 1L;
    }
    long factor = nanosPerUnit;
    return epochNanosReader(i -> Math.multiplyExact(v.get(i), factor), asTimestamp);
  }

  private interface EpochNanos {
    long at(int index);
  }

  private static ValueReader epochNanosReader(EpochNanos nanosAt, boolean asTimestamp) {
    return i -> {
      long nanos = nanosAt.at(i);
      if (!asTimestamp) {
        return new Date(Math.floorDiv(nanos, 1_000_000L));
      }
      Timestamp ts = new Timestamp(Math.multiplyExact(Math.floorDiv(nanos, 1_000_000_000L), 1000L));
      ts.setNanos((int) Math.floorMod(nanos, 1_000_000_000L));
      return ts;
    };
  }

  /**
   * Bytes of a variable-width value, whatever the offset width (Utf8/Binary or their Large forms).
   */
  private static byte[] bytes(FieldVector v, int i) {
    if (v instanceof BaseVariableWidthVector) {
      return ((BaseVariableWidthVector) v).get(i);
    }
    if (v instanceof BaseLargeVariableWidthVector) {
      return ((BaseLargeVariableWidthVector) v).get(i);
    }
    return ((FixedSizeBinaryVector) v).get(i);
  }
}
