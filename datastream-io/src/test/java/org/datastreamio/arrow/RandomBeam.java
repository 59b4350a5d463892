package org.datastreamio.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/**
 * Seeded random Beam schemas (every mapped type, nested to a given depth) and rows for them, with
 * the awkward values: nulls, empty strings and collections, extremes, NaN, -0.0, CJK and emoji,
 * decimals at full precision, instants near and far from the epoch.
 */
final class RandomBeam {
  private static final String[] TEXT = {
    "",
    "a",
    "plain ascii text",
    "日本語のテキスト",
    "emoji 😀🎉",
    "mixé ünïcode ß",
    "\u0000nul",
    "x".repeat(300),
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧪 中文"
  };
  private static final String DECIMAL_PRECISION = ArrowFieldOptions.DECIMAL_PRECISION;

  private final Random random;
  private int fieldNumber;

  RandomBeam(long seed) {
    this.random = new Random(seed);
  }

  Schema schema(int fields, int depth) {
    Schema.Builder b = Schema.builder();
    for (int i = 0; i < fields; i++) {
      b.addField(field(depth));
    }
    return b.build();
  }

  private Schema.Field field(int depth) {
    String name = "f" + fieldNumber++;
    if (random.nextInt(12) == 0) {
      // A plain DECIMAL with declared precision/scale as field options.
      int precision = 1 + random.nextInt(76);
      int scale = random.nextInt(precision + 1);
      return Schema.Field.of(name, FieldType.DECIMAL.withNullable(random.nextBoolean()))
          .withOptions(
              Schema.Options.builder()
                  .setOption(DECIMAL_PRECISION, FieldType.INT32, precision)
                  .setOption(ArrowFieldOptions.DECIMAL_SCALE, FieldType.INT32, scale)
                  .build());
    }
    return Schema.Field.of(name, type(depth));
  }

  FieldType type(int depth) {
    int kinds = depth > 0 ? 25 : 21;
    FieldType t;
    switch (random.nextInt(kinds)) {
      case 0:
        t = FieldType.BYTE;
        break;
      case 1:
        t = FieldType.INT16;
        break;
      case 2:
        t = FieldType.INT32;
        break;
      case 3:
        t = FieldType.INT64;
        break;
      case 4:
        t = FieldType.FLOAT;
        break;
      case 5:
        t = FieldType.DOUBLE;
        break;
      case 6:
        t = FieldType.STRING;
        break;
      case 7:
        t = FieldType.BOOLEAN;
        break;
      case 8:
        t = FieldType.BYTES;
        break;
      case 9:
        t = FieldType.DECIMAL;
        break;
      case 10:
        t = FieldType.DATETIME;
        break;
      case 11:
        t = FieldType.logicalType(SqlTypes.DATE);
        break;
      case 12:
        t = FieldType.logicalType(SqlTypes.TIME);
        break;
      case 13:
        t = FieldType.logicalType(SqlTypes.DATETIME);
        break;
      case 14:
        t = FieldType.logicalType(new MicrosInstant());
        break;
      case 15:
        t = FieldType.logicalType(new NanosInstant());
        break;
      case 16:
        t = FieldType.logicalType(new NanosDuration());
        break;
      case 17:
        t = FieldType.logicalType(FixedBytes.of(1 + random.nextInt(20)));
        break;
      case 18:
        t = FieldType.logicalType(EnumerationType.create("RED", "GREEN", "BLUE, with comma", "蓝"));
        break;
      case 19:
        {
          int precision = 1 + random.nextInt(76);
          t =
              FieldType.logicalType(
                  FixedPrecisionNumeric.of(precision, random.nextInt(precision + 1)));
          break;
        }
      case 20:
        t = FieldType.STRING;
        break;
      case 21:
        t = FieldType.array(type(depth - 1));
        break;
      case 22:
        t = FieldType.iterable(type(depth - 1));
        break;
      case 23:
        t =
            FieldType.map(
                random.nextBoolean() ? FieldType.STRING : FieldType.INT64, type(depth - 1));
        break;
      default:
        t = FieldType.row(schema(1 + random.nextInt(3), depth - 1));
    }
    return t.withNullable(random.nextBoolean());
  }

  Row row(Schema schema) {
    Object[] values = new Object[schema.getFieldCount()];
    for (int i = 0; i < values.length; i++) {
      Schema.Field f = schema.getField(i);
      values[i] = value(f.getType(), f);
    }
    return Row.withSchema(schema).addValues(values).build();
  }

  private Object value(FieldType t, Schema.Field fieldOrNull) {
    if (t.getNullable() && random.nextInt(6) == 0) {
      return null;
    }
    switch (t.getTypeName()) {
      case BYTE:
        return (byte) pick(Byte.MIN_VALUE, Byte.MAX_VALUE, 0, random.nextInt());
      case INT16:
        return (short) pick(Short.MIN_VALUE, Short.MAX_VALUE, 0, random.nextInt());
      case INT32:
        return (int) pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, random.nextInt());
      case INT64:
        return pick(Long.MIN_VALUE, Long.MAX_VALUE, 0, random.nextLong());
      case FLOAT:
        {
          float[] f = {
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            -0.0f,
            Float.MIN_VALUE,
            Float.MAX_VALUE,
            random.nextFloat()
          };
          return f[random.nextInt(f.length)];
        }
      case DOUBLE:
        {
          double[] d = {
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            random.nextGaussian()
          };
          return d[random.nextInt(d.length)];
        }
      case STRING:
        return TEXT[random.nextInt(TEXT.length)];
      case BOOLEAN:
        return random.nextBoolean();
      case BYTES:
        {
          byte[] b = new byte[random.nextInt(40)];
          random.nextBytes(b);
          return b;
        }
      case DECIMAL:
        {
          int precision = 38;
          int scale = 18;
          if (fieldOrNull != null && fieldOrNull.getOptions().hasOption(DECIMAL_PRECISION)) {
            precision = fieldOrNull.getOptions().getValue(DECIMAL_PRECISION, Integer.class);
            scale =
                fieldOrNull.getOptions().getValue(ArrowFieldOptions.DECIMAL_SCALE, Integer.class);
          }
          return decimal(precision, scale);
        }
      case DATETIME:
        return new org.joda.time.Instant(instantMillis());
      case ARRAY:
      case ITERABLE:
        {
          int n = random.nextInt(5);
          List<Object> list = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            list.add(value(t.getCollectionElementType(), null));
          }
          return list;
        }
      case MAP:
        {
          int n = random.nextInt(4);
          Map<Object, Object> map = new HashMap<>();
          for (int i = 0; i < n; i++) {
            Object key =
                t.getMapKeyType().getTypeName() == Schema.TypeName.STRING
                    ? TEXT[random.nextInt(TEXT.length)] + i
                    : random.nextLong();
            map.put(key, value(t.getMapValueType(), null));
          }
          return map;
        }
      case ROW:
        return row(t.getRowSchema());
      default:
        return logical(t);
    }
  }

  private Object logical(FieldType t) {
    String id = t.getLogicalType().getIdentifier();
    long seconds = instantMillis() / 1000;
    switch (id) {
      case LogicalTypeIds.DATE:
        return LocalDate.ofEpochDay(random.nextInt(2_000_000) - 1_000_000);
      case LogicalTypeIds.TIME:
        return LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000_000L));
      case LogicalTypeIds.DATETIME:
        return LocalDateTime.ofEpochSecond(
            seconds, random.nextInt(1_000_000) * 1000, ZoneOffset.UTC);
      case LogicalTypeIds.MICROS_INSTANT:
        return Instant.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1000L);
      case LogicalTypeIds.NANOS_INSTANT:
        // Nanoseconds since the epoch in a long reach 1677..2262.
        return Instant.ofEpochSecond(
            random.nextInt(2_000_000_000) * (random.nextBoolean() ? 1L : -1L),
            random.nextInt(1_000_000_000));
      case LogicalTypeIds.NANOS_DURATION:
        return Duration.ofSeconds(
            random.nextInt(2_000_000_000) * (random.nextBoolean() ? 1L : -1L),
            random.nextInt(1_000_000_000));
      case LogicalTypeIds.FIXED_BYTES:
        {
          byte[] b = new byte[((FixedBytes) t.getLogicalType()).getLength()];
          random.nextBytes(b);
          return b;
        }
      case LogicalTypeIds.ENUMERATION:
        {
          EnumerationType e = (EnumerationType) t.getLogicalType();
          return e.valueOf(e.getValues().get(random.nextInt(e.getValues().size())));
        }
      case LogicalTypeIds.FIXED_DECIMAL:
        {
          Row arg = (Row) t.getLogicalType().getArgument();
          return decimal(arg.getInt32("precision"), arg.getInt32("scale"));
        }
      default:
        throw new IllegalStateException(id);
    }
  }

  /**
   * Milliseconds near the epoch, or far from it (years -290000..290000 fit Joda and micros in a
   * long).
   */
  private long instantMillis() {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextInt(2_000) - 1_000;
      case 1:
        return (random.nextLong() % 9_000_000_000_000_000L) / 1000;
      case 2:
        return -62_135_596_800_000L; // 0001-01-01
      default:
        return random.nextLong() % 4_000_000_000_000L;
    }
  }

  /**
   * A decimal with exactly {@code scale} places and up to {@code precision} digits, often all of
   * them.
   */
  private BigDecimal decimal(int precision, int scale) {
    int digits = random.nextBoolean() ? precision : 1 + random.nextInt(precision);
    BigInteger unscaled =
        random.nextInt(5) == 0
            ? BigInteger.ZERO
            : new BigInteger(digits * 4, random).mod(BigInteger.TEN.pow(digits));
    if (random.nextInt(3) == 0 && digits == precision) {
      unscaled = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
    }
    return new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
  }

  private long pick(long min, long max, long zero, long any) {
    switch (random.nextInt(5)) {
      case 0:
        return min;
      case 1:
        return max;
      case 2:
        return zero;
      default:
        return any;
    }
  }
}
