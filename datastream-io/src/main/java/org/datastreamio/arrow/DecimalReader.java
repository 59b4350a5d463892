package org.datastreamio.arrow;

import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.ValueVector;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * decimal128/decimal256 as BigDecimal at the field's scale; small decimal128 values skip
 * BigInteger.
 */
final class DecimalReader extends FieldReader {
  private final @Nullable DecimalVector v128;
  private final @Nullable Decimal256Vector v256;
  private final int scale;

  DecimalReader(ValueVector vector) {
    if (vector instanceof DecimalVector) {
      v128 = (DecimalVector) vector;
      v256 = null;
      scale = v128.getScale();
    } else {
      v128 = null;
      v256 = (Decimal256Vector) vector;
      scale = v256.getScale();
    }
  }

  @Override
  @Nullable Object read(int i) {
    if (v128 != null) {
      if (v128.isNull(i)) {
        return null;
      }
      ArrowBuf data = v128.getDataBuffer();
      long low = data.getLong((long) i * 16);
      long high = data.getLong((long) i * 16 + 8);
      // Little-endian 128-bit: when the high word only extends the low word's sign, it fits a long.
      if (high == (low >> 63)) {
        return BigDecimal.valueOf(low, scale);
      }
      return v128.getObject(i);
    }
    return v256.isNull(i) ? null : v256.getObject(i);
  }
}
