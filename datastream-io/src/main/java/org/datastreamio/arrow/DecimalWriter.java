package org.datastreamio.arrow;

import java.math.BigDecimal;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * DECIMAL and FixedPrecisionNumeric into decimal128/decimal256: rescaled exactly to the field's
 * scale (never rounded); a value with more places or more digits than declared fails.
 */
final class DecimalWriter extends FieldWriter {
  private final @Nullable DecimalVector v128;
  private final @Nullable Decimal256Vector v256;
  private final int precision;
  private final int scale;

  DecimalWriter(String path, FieldType type, FieldVector vector) {
    super(path, type, vector);
    if (vector instanceof DecimalVector) {
      v128 = (DecimalVector) vector;
      v256 = null;
      precision = v128.getPrecision();
      scale = v128.getScale();
    } else {
      v128 = null;
      v256 = (Decimal256Vector) vector;
      precision = v256.getPrecision();
      scale = v256.getScale();
    }
  }

  @Override
  int writeValue(int index, Object value) {
    BigDecimal d = (BigDecimal) value;
    BigDecimal scaled;
    try {
      scaled = d.scale() == scale ? d : d.setScale(scale);
    } catch (ArithmeticException e) {
      throw misfit(
          value,
          "it has more decimal places than the declared decimal("
              + precision
              + ", "
              + scale
              + ") and values are not rounded");
    }
    int digits = scaled.precision();
    if (digits > precision && scaled.signum() != 0) {
      throw misfit(
          value,
          "it has "
              + digits
              + " digits, more than the declared decimal("
              + precision
              + ", "
              + scale
              + ")");
    }
    if (v128 != null) {
      if (digits <= 18) {
        // The unscaled value as a long without unscaledValue(), which allocates a BigInteger per
        // value: moving the point by the scale keeps a small BigDecimal compact, and longValue()
        // then reads it directly.
        v128.setSafe(index, scaled.scaleByPowerOfTen(scale).longValue());
      } else {
        v128.setSafe(index, scaled);
      }
      return 16;
    }
    v256.setSafe(index, scaled);
    return 32;
  }
}
