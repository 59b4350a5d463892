package org.datastreamio.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/**
 * A Beam schema with every type DataStreamIO maps (primitives, decimals, temporal logical types,
 * fixed bytes, enumerations, arrays, iterables, maps, rows nested three deep), and deterministic
 * rows for it with nulls, empty values and non-ASCII text. Transport and runner tests write and
 * read these and compare the full row multiset.
 */
public final class TypeTable {
  public static final EnumerationType COLOR = EnumerationType.create("RED", "GREEN", "BLUE");

  static final Schema DEEP =
      Schema.builder().addBooleanField("flag").addArrayField("items", FieldType.INT32).build();
  static final Schema INNER =
      Schema.builder().addNullableField("x", FieldType.DOUBLE).addRowField("deep", DEEP).build();
  static final Schema NESTED =
      Schema.builder()
          .addStringField("name")
          .addNullableField("inner", FieldType.row(INNER))
          .build();

  public static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("b", FieldType.BYTE)
          .addInt16Field("s")
          .addNullableField("i", FieldType.INT32)
          .addFloatField("f")
          .addNullableField("d", FieldType.DOUBLE)
          .addNullableField("dec", FieldType.DECIMAL)
          .addField("money", FieldType.logicalType(FixedPrecisionNumeric.of(18, 2)))
          .addNullableField("str", FieldType.STRING)
          .addBooleanField("flag")
          .addNullableField("bin", FieldType.BYTES)
          .addNullableField("dt", FieldType.DATETIME)
          .addLogicalTypeField("date", SqlTypes.DATE)
          .addNullableField("time", FieldType.logicalType(SqlTypes.TIME))
          .addLogicalTypeField("ldt", SqlTypes.DATETIME)
          .addNullableField("micros", FieldType.logicalType(new MicrosInstant()))
          .addLogicalTypeField("nanos", new NanosInstant())
          .addLogicalTypeField("fixed", FixedBytes.of(4))
          .addNullableField("color", FieldType.logicalType(COLOR))
          .addArrayField("tags", FieldType.STRING.withNullable(true))
          .addIterableField("counts", FieldType.INT64)
          .addMapField("attrs", FieldType.STRING, FieldType.INT32.withNullable(true))
          .addRowField("nested", NESTED)
          .build();

  private static final String[] TEXT = {
    "", "plain", "日本語", "emoji 😀", "ünïcödé ß", "tab\tand\nnewline"
  };

  private TypeTable() {}

  public static Row row(long i) {
    boolean nulls = i % 5 == 0;
    List<String> tags = new ArrayList<>();
    for (int t = 0; t < i % 4; t++) {
      tags.add(t == 1 ? null : TEXT[(int) ((i + t) % TEXT.length)]);
    }
    List<Long> counts = new ArrayList<>();
    for (int c = 0; c < i % 3; c++) {
      counts.add(i * 31 + c);
    }
    Map<String, Integer> attrs = new LinkedHashMap<>();
    for (int a = 0; a < i % 3; a++) {
      attrs.put("k" + a, a == 1 ? null : (int) (i + a));
    }
    Row deep = Row.withSchema(DEEP).addValues(i % 2 == 0, List.of((int) i, -(int) i)).build();
    Row inner = Row.withSchema(INNER).addValues(i % 3 == 0 ? null : i / 3.0, deep).build();
    Row nested = Row.withSchema(NESTED).addValues("n" + i, i % 7 == 0 ? null : inner).build();
    return Row.withSchema(SCHEMA)
        .addValues(
            i,
            nulls ? null : (byte) (i % 256 - 128),
            (short) (i % 65536 - 32768),
            nulls ? null : (int) (i * 7919),
            i % 11 == 0 ? Float.NaN : (float) (i / 7.0),
            nulls ? null : (i % 13 == 0 ? Double.MAX_VALUE : i * 1.5e-3),
            nulls
                ? null
                : new BigDecimal(BigDecimal.valueOf(i).pow(3).toString() + ".123456789012345678"),
            BigDecimal.valueOf(i * 100 + 99, 2),
            nulls ? null : TEXT[(int) (i % TEXT.length)] + i,
            i % 2 == 1,
            nulls ? null : ("b" + i).getBytes(StandardCharsets.UTF_8),
            nulls ? null : new org.joda.time.Instant(1_700_000_000_000L + i * 1000),
            LocalDate.of(2000, 1, 1).plusDays(i % 20000),
            nulls ? null : LocalTime.ofNanoOfDay((i * 1_000_000_123L) % 86_400_000_000_000L),
            LocalDateTime.of(2024, 2, 29, 12, 0).plusNanos(i * 1_000_000_000L + (i % 1000) * 1000),
            nulls ? null : Instant.ofEpochSecond(1_600_000_000L + i, (i % 1000) * 1000),
            Instant.ofEpochSecond(1_650_000_000L - i, i % 1_000_000_000L),
            new byte[] {(byte) i, (byte) (i >> 8), 0, -1},
            nulls ? null : COLOR.valueOf((int) (i % 3)),
            tags,
            counts,
            attrs,
            nested)
        .build();
  }

  public static List<Row> rows(long count) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      rows.add(row(i));
    }
    return rows;
  }
}
