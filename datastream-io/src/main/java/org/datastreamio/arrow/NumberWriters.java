package org.datastreamio.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/** Writers for integers, floating point and booleans. */
final class NumberWriters {
  private NumberWriters() {}

  static final class Int8 extends FieldWriter {
    private final TinyIntVector v;

    Int8(String path, FieldType type, TinyIntVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Byte) value);
      return 1;
    }
  }

  static final class Int16 extends FieldWriter {
    private final SmallIntVector v;

    Int16(String path, FieldType type, SmallIntVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Short) value);
      return 2;
    }
  }

  static final class Int32 extends FieldWriter {
    private final IntVector v;

    Int32(String path, FieldType type, IntVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Integer) value);
      return 4;
    }
  }

  static final class Int64 extends FieldWriter {
    private final BigIntVector v;

    Int64(String path, FieldType type, BigIntVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Long) value);
      return 8;
    }
  }

  static final class Float32 extends FieldWriter {
    private final Float4Vector v;

    Float32(String path, FieldType type, Float4Vector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Float) value);
      return 4;
    }
  }

  static final class Float64 extends FieldWriter {
    private final Float8Vector v;

    Float64(String path, FieldType type, Float8Vector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Double) value);
      return 8;
    }
  }

  static final class HalfFloat extends FieldWriter {
    private final Float2Vector v;

    HalfFloat(String path, FieldType type, Float2Vector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafeWithPossibleTruncate(index, (float) (Float) value);
      return 2;
    }
  }

  static final class Bool extends FieldWriter {
    private final BitVector v;

    Bool(String path, FieldType type, BitVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      v.setSafe(index, (Boolean) value ? 1 : 0);
      return 1;
    }
  }

  /** INT16/INT32/INT64 values into uint8/uint16/uint32, range-checked. */
  static final class Unsigned extends FieldWriter {
    private final BaseFixedWidthVector v;
    private final int width;
    private final long max;

    Unsigned(String path, FieldType type, BaseFixedWidthVector v) {
      super(path, type, v);
      this.v = v;
      this.width = v.getTypeWidth();
      this.max = (1L << (8 * width)) - 1;
    }

    @Override
    int writeValue(int index, Object value) {
      if (!(value instanceof Short
          || value instanceof Integer
          || value instanceof Long
          || value instanceof Byte)) {
        throw new ClassCastException(value.getClass().getName());
      }
      long n = ((Number) value).longValue();
      if (n < 0 || n > max) {
        throw misfit(value, "an unsigned " + (8 * width) + "-bit integer holds 0.." + max);
      }
      FixedWidth.setSafe(v, width, index, n);
      return width;
    }
  }

  /** DECIMAL values into uint64: whole numbers 0..2^64-1. */
  static final class UInt64 extends FieldWriter {
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(64);
    private final BaseFixedWidthVector v;

    UInt64(String path, FieldType type, BaseFixedWidthVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      BigInteger n;
      try {
        n = ((BigDecimal) value).toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw misfit(value, "uint64 holds whole numbers only");
      }
      if (n.signum() < 0 || n.compareTo(LIMIT) >= 0) {
        throw misfit(value, "uint64 holds 0..18446744073709551615");
      }
      FixedWidth.setSafe(v, 8, index, n.longValue());
      return 8;
    }
  }
}
