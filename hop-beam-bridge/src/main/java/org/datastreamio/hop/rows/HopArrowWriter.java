package org.datastreamio.hop.rows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Date;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;

/**
 * Writes Hop rows straight into Arrow vectors (no intermediate Beam Row), batch after batch into
 * one reused {@link VectorSchemaRoot}. Types follow {@link HopType}; per-field writers are built
 * once.
 */
public final class HopArrowWriter implements AutoCloseable {

  /** Writes one Hop value (never null) at a row index; returns an estimate of the bytes added. */
  private interface ValueWriter {
    long write(int index, Object value) throws Exception;
  }

  private final IRowMeta rowMeta;
  private final Schema schema;
  private final VectorSchemaRoot root;
  private final ValueWriter[] writers;
  private final FieldVector[] vectors;
  private int rows;
  private long bytes;

  public HopArrowWriter(IRowMeta rowMeta, BufferAllocator allocator) {
    this.rowMeta = rowMeta;
    this.schema = arrowSchema(rowMeta);
    this.root = VectorSchemaRoot.create(schema, allocator);
    int n = rowMeta.size();
    this.writers = new ValueWriter[n];
    this.vectors = new FieldVector[n];
    for (int i = 0; i < n; i++) {
      vectors[i] = root.getVector(i);
      writers[i] = writerFor(rowMeta.getValueMeta(i), vectors[i]);
    }
  }

  /** The Arrow schema Hop rows of this layout are written as. */
  public static Schema arrowSchema(IRowMeta rowMeta) {
    return HopRowLayout.of(rowMeta).arrowSchema();
  }

  public Schema schema() {
    return schema;
  }

  /**
   * Appends one row; fails naming the field and value when it does not fit. A row that fails leaves
   * nothing behind: its values went to position {@link #rowCount()}, which only a complete row
   * advances, and {@link #rollBack} clears what it began, so neither the next row nor the batch end
   * carries a part of it.
   */
  public void append(Object[] row) throws HopValueFitException {
    int index = rows;
    long added = 0;
    for (int i = 0; i < writers.length; i++) {
      Object value = row == null || i >= row.length ? null : row[i];
      IValueMeta meta = rowMeta.getValueMeta(i);
      try {
        if (value != null && meta.getStorageType() != IValueMeta.STORAGE_TYPE_NORMAL) {
          value = meta.convertToNormalStorageType(value);
        }
        if (value == null) {
          vectors[i].setNull(index);
        } else {
          added += writers[i].write(index, value);
        }
      } catch (Exception e) {
        rollBack(index);
        String reason =
            e instanceof ClassCastException
                ? "a "
                    + value.getClass().getSimpleName()
                    + " value ("
                    + value
                    + ") is not a Hop "
                    + meta.getTypeDesc()
                    + " value; convert the field first (e.g. with Select Values)"
                : e.getMessage();
        throw new HopValueFitException(
            meta.getName(),
            "Cannot write field '"
                + meta.getName()
                + "' ("
                + meta.getTypeDesc()
                + ") of row "
                + (index + 1)
                + " of the batch: "
                + reason,
            e);
      }
    }
    bytes += added + writers.length; // validity bits, roughly
    rows = index + 1;
  }

  /**
   * Clears position {@code index} in every vector, as if no row had been started there. Fixed-width
   * values are zeroed and validity unset; a variable-width vector's last-set position goes back
   * before {@code index} (its earlier empty slots were filled by that write), so the next value or
   * the batch end starts again from the offset of {@code index}.
   */
  private void rollBack(int index) {
    for (FieldVector v : vectors) {
      if (v instanceof BaseVariableWidthVector) {
        BaseVariableWidthVector variable = (BaseVariableWidthVector) v;
        if (variable.getLastSet() >= index) {
          variable.setLastSet(index - 1);
        }
      } else if (v instanceof BitVector) {
        ((BitVector) v).setSafe(index, 0);
      } else if (v instanceof BaseFixedWidthVector && index < v.getValueCapacity()) {
        int width = ((BaseFixedWidthVector) v).getTypeWidth();
        v.getDataBuffer().setZero((long) index * width, width);
      }
      if (index < v.getValueCapacity()) {
        v.setNull(index);
      }
    }
  }

  public int rowCount() {
    return rows;
  }

  /** Bytes of payload appended since the last reset (an estimate, cheap per row). */
  public long estimatedBytes() {
    return bytes;
  }

  /** Sets the row count so the root holds exactly the appended rows as one batch. */
  public VectorSchemaRoot finishBatch() {
    for (FieldVector v : vectors) {
      v.setValueCount(rows);
    }
    root.setRowCount(rows);
    return root;
  }

  /** Empties the root for the next batch. */
  public void reset() {
    for (FieldVector v : vectors) {
      v.reset();
    }
    root.setRowCount(0);
    rows = 0;
    bytes = 0;
  }

  @Override
  public void close() {
    root.close();
  }

  private static ValueWriter writerFor(IValueMeta meta, FieldVector vector) {
    switch (HopType.of(meta)) {
      case STRING:
        {
          VarCharVector v = (VarCharVector) vector;
          return (i, value) -> {
            byte[] b = ((String) value).getBytes(StandardCharsets.UTF_8);
            v.setSafe(i, b);
            return b.length + 4;
          };
        }
      case INTEGER:
        {
          BigIntVector v = (BigIntVector) vector;
          return (i, value) -> {
            v.setSafe(i, (Long) value);
            return 8;
          };
        }
      case NUMBER:
        {
          Float8Vector v = (Float8Vector) vector;
          return (i, value) -> {
            v.setSafe(i, (Double) value);
            return 8;
          };
        }
      case BIGNUMBER:
        {
          DecimalVector v = (DecimalVector) vector;
          int scale = v.getScale();
          return (i, value) -> {
            BigDecimal d = (BigDecimal) value;
            BigDecimal scaled;
            try {
              scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
              throw new IllegalArgumentException(
                  d.toPlainString()
                      + " has more than "
                      + scale
                      + " decimal places (the field's scale, from its Hop precision);"
                      + " raise the field's precision or round it first");
            }
            if (scaled.precision() > HopType.DECIMAL_PRECISION) {
              throw new IllegalArgumentException(
                  d.toPlainString()
                      + " needs more than "
                      + HopType.DECIMAL_PRECISION
                      + " digits at scale "
                      + scale);
            }
            v.setSafe(i, scaled);
            return 16;
          };
        }
      case DATE:
        {
          TimeStampMilliTZVector v = (TimeStampMilliTZVector) vector;
          return (i, value) -> {
            v.setSafe(i, ((Date) value).getTime());
            return 8;
          };
        }
      case TIMESTAMP:
        {
          TimeStampNanoTZVector v = (TimeStampNanoTZVector) vector;
          return (i, value) -> {
            v.setSafe(i, epochNanos((Date) value));
            return 8;
          };
        }
      case BOOLEAN:
        {
          BitVector v = (BitVector) vector;
          return (i, value) -> {
            v.setSafe(i, ((Boolean) value) ? 1 : 0);
            return 1;
          };
        }
      case BINARY:
        {
          VarBinaryVector v = (VarBinaryVector) vector;
          return (i, value) -> {
            byte[] b = (byte[]) value;
            v.setSafe(i, b);
            return b.length + 4;
          };
        }
      case INTERNET_ADDRESS:
        {
          VarCharVector v = (VarCharVector) vector;
          return (i, value) -> {
            byte[] b = ((InetAddress) value).getHostAddress().getBytes(StandardCharsets.US_ASCII);
            v.setSafe(i, b);
            return b.length + 4;
          };
        }
      default:
        throw new IllegalStateException("No writer for " + meta.getTypeDesc());
    }
  }

  /** Nanoseconds since the epoch; a plain Date (no nanos) counts its milliseconds. */
  static long epochNanos(Date value) {
    if (value instanceof Timestamp) {
      Timestamp ts = (Timestamp) value;
      long seconds = Math.floorDiv(ts.getTime(), 1000L);
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), ts.getNanos());
    }
    return Math.multiplyExact(value.getTime(), 1_000_000L);
  }
}
