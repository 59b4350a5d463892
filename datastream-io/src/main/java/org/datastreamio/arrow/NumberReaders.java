package org.datastreamio.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Readers for integers, floating point and booleans. */
final class NumberReaders {
  private NumberReaders() {}

  static final class Int8 extends FieldReader {
    private final TinyIntVector v;

    Int8(TinyIntVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  static final class Int16 extends FieldReader {
    private final SmallIntVector v;

    Int16(SmallIntVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  static final class Int32 extends FieldReader {
    private final IntVector v;

    Int32(IntVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  static final class Int64 extends FieldReader {
    private final BigIntVector v;

    Int64(BigIntVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  /** uint8/uint16/uint32 widened to INT16/INT32/INT64. */
  static final class Unsigned extends FieldReader {
    private final BaseIntVector v;
    private final long mask;
    private final TypeName target;

    Unsigned(ValueVector v, int bitWidth, TypeName target) {
      this.v = (BaseIntVector) v;
      this.mask = (1L << bitWidth) - 1;
      this.target = target;
    }

    @Override
    @Nullable Object read(int i) {
      if (v.isNull(i)) {
        return null;
      }
      long n = v.getValueAsLong(i) & mask;
      return target == TypeName.INT16
          ? (Object) (short) n
          : target == TypeName.INT32 ? (Object) (int) n : (Object) n;
    }
  }

  /** uint64 as a whole-number BigDecimal. */
  static final class UInt64 extends FieldReader {
    private final BaseIntVector v;

    UInt64(ValueVector v) {
      this.v = (BaseIntVector) v;
    }

    @Override
    @Nullable Object read(int i) {
      if (v.isNull(i)) {
        return null;
      }
      long n = v.getValueAsLong(i);
      return n >= 0
          ? BigDecimal.valueOf(n)
          : new BigDecimal(new BigInteger(Long.toUnsignedString(n)));
    }
  }

  static final class Float32 extends FieldReader {
    private final Float4Vector v;

    Float32(Float4Vector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  static final class HalfFloat extends FieldReader {
    private final Float2Vector v;

    HalfFloat(Float2Vector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.getValueAsFloat(i);
    }
  }

  static final class Float64 extends FieldReader {
    private final Float8Vector v;

    Float64(Float8Vector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  static final class Bool extends FieldReader {
    private final BitVector v;

    Bool(BitVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i) != 0;
    }
  }
}
