package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.Date;
import org.apache.beam.sdk.schemas.logicaltypes.DateTime;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.Time;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class SchemaConverterTest {
  private static final EnumerationType COLORS =
      EnumerationType.create("RED", "GREEN", "a \"quoted\", name");

  /** Every mapped Beam type with the Arrow type it must become. */
  private static List<Object[]> table() {
    List<Object[]> t = new ArrayList<>();
    t.add(new Object[] {FieldType.BYTE, new ArrowType.Int(8, true)});
    t.add(new Object[] {FieldType.INT16, new ArrowType.Int(16, true)});
    t.add(new Object[] {FieldType.INT32, new ArrowType.Int(32, true)});
    t.add(new Object[] {FieldType.INT64, new ArrowType.Int(64, true)});
    t.add(
        new Object[] {FieldType.FLOAT, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)});
    t.add(
        new Object[] {
          FieldType.DOUBLE, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)
        });
    t.add(new Object[] {FieldType.STRING, ArrowType.Utf8.INSTANCE});
    t.add(new Object[] {FieldType.BOOLEAN, ArrowType.Bool.INSTANCE});
    t.add(new Object[] {FieldType.BYTES, ArrowType.Binary.INSTANCE});
    t.add(new Object[] {FieldType.DECIMAL, new ArrowType.Decimal(38, 18, 128)});
    t.add(new Object[] {FieldType.DATETIME, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")});
    t.add(
        new Object[] {
          FieldType.logicalType(FixedPrecisionNumeric.of(18, 2)), new ArrowType.Decimal(18, 2, 128)
        });
    t.add(
        new Object[] {
          FieldType.logicalType(FixedPrecisionNumeric.of(60, 10)),
          new ArrowType.Decimal(60, 10, 256)
        });
    t.add(new Object[] {FieldType.logicalType(SqlTypes.DATE), new ArrowType.Date(DateUnit.DAY)});
    t.add(
        new Object[] {
          FieldType.logicalType(SqlTypes.TIME), new ArrowType.Time(TimeUnit.NANOSECOND, 64)
        });
    t.add(
        new Object[] {
          FieldType.logicalType(SqlTypes.DATETIME),
          new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)
        });
    t.add(
        new Object[] {
          FieldType.logicalType(new MicrosInstant()),
          new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")
        });
    t.add(
        new Object[] {
          FieldType.logicalType(new NanosInstant()),
          new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")
        });
    t.add(
        new Object[] {
          FieldType.logicalType(new NanosDuration()), new ArrowType.Duration(TimeUnit.NANOSECOND)
        });
    t.add(
        new Object[] {FieldType.logicalType(FixedBytes.of(16)), new ArrowType.FixedSizeBinary(16)});
    t.add(new Object[] {FieldType.logicalType(COLORS), ArrowType.Utf8.INSTANCE});
    t.add(new Object[] {FieldType.array(FieldType.INT32), ArrowType.List.INSTANCE});
    t.add(new Object[] {FieldType.iterable(FieldType.STRING), ArrowType.List.INSTANCE});
    t.add(
        new Object[] {FieldType.map(FieldType.STRING, FieldType.DOUBLE), new ArrowType.Map(false)});
    t.add(
        new Object[] {
          FieldType.row(Schema.builder().addInt32Field("a").build()), ArrowType.Struct.INSTANCE
        });
    return t;
  }

  @Test
  void everyBeamTypeMapsToItsArrowTypeAndBack() {
    Schema.Builder b = Schema.builder();
    List<ArrowType> expected = new ArrayList<>();
    int i = 0;
    for (Object[] row : table()) {
      FieldType type = (FieldType) row[0];
      b.addField("n" + i, type.withNullable(true));
      b.addField("r" + i, type.withNullable(false));
      expected.add((ArrowType) row[1]);
      expected.add((ArrowType) row[1]);
      i++;
    }
    Schema beam = b.build();
    org.apache.arrow.vector.types.pojo.Schema arrow = SchemaConverter.toArrow(beam);
    for (int f = 0; f < expected.size(); f++) {
      Field field = arrow.getFields().get(f);
      assertEquals(
          expected.get(f),
          field.getType(),
          field.getName() + " (" + beam.getField(f).getType() + ")");
      assertEquals(beam.getField(f).getType().getNullable(), field.isNullable(), field.getName());
    }
    assertEquals(beam, SchemaConverter.toBeam(arrow));
  }

  @Test
  void nestedThreeLevelsKeepsElementAndValueNullability() {
    Schema inner =
        Schema.builder()
            .addNullableField("x", FieldType.array(FieldType.INT64.withNullable(true)))
            .addField(
                "y",
                FieldType.map(
                    FieldType.STRING,
                    FieldType.logicalType(FixedPrecisionNumeric.of(9, 3)).withNullable(true)))
            .build();
    Schema middle =
        Schema.builder()
            .addField("rows", FieldType.iterable(FieldType.row(inner).withNullable(true)))
            .addNullableField(
                "maps", FieldType.map(FieldType.INT64, FieldType.array(FieldType.row(inner))))
            .addField("dec", FieldType.array(FieldType.DECIMAL))
            .build();
    Schema outer =
        Schema.builder()
            .addField("m", FieldType.row(middle))
            .addNullableField(
                "deep",
                FieldType.array(
                    FieldType.iterable(
                        FieldType.map(
                            FieldType.STRING,
                            FieldType.array(FieldType.logicalType(SqlTypes.DATE))
                                .withNullable(true)))))
            .addField("nk", FieldType.map(FieldType.STRING.withNullable(true), FieldType.BOOLEAN))
            .build();
    org.apache.arrow.vector.types.pojo.Schema arrow = SchemaConverter.toArrow(outer);
    assertEquals(outer, SchemaConverter.toBeam(arrow));
    Field map = arrow.findField("nk");
    assertFalse(map.getChildren().get(0).isNullable(), "entries struct");
    assertFalse(
        map.getChildren().get(0).getChildren().get(0).isNullable(),
        "map keys are never null in Arrow");
    assertTrue(arrow.findField("deep").isNullable());
  }

  @Test
  void fieldOptionsChooseArrowDetailAndComeBack() {
    Schema beam =
        Schema.builder()
            .addField(
                withOptions(
                    Schema.Field.of("dec", FieldType.DECIMAL),
                    ArrowFieldOptions.DECIMAL_PRECISION,
                    10,
                    ArrowFieldOptions.DECIMAL_SCALE,
                    3))
            .addField(
                withOptions(
                    Schema.Field.of("bigdec", FieldType.DECIMAL),
                    ArrowFieldOptions.DECIMAL_PRECISION,
                    50,
                    ArrowFieldOptions.DECIMAL_SCALE,
                    0))
            .addField(
                withOptions(
                    Schema.Field.of("secs", FieldType.DATETIME),
                    ArrowFieldOptions.TIMESTAMP_UNIT,
                    "SECOND"))
            .addField(
                withOptions(
                    Schema.Field.of("paris", FieldType.DATETIME),
                    ArrowFieldOptions.TIMEZONE,
                    "Europe/Paris"))
            .addField(
                withOptions(
                    Schema.Field.of("localns", FieldType.logicalType(SqlTypes.DATETIME)),
                    ArrowFieldOptions.TIMESTAMP_UNIT,
                    "NANOSECOND"))
            .addField(
                withOptions(
                    Schema.Field.of("microsTz", FieldType.logicalType(new MicrosInstant())),
                    ArrowFieldOptions.TIMEZONE,
                    "+01:00"))
            .addField(
                withOptions(
                    Schema.Field.of("u8", FieldType.INT16), ArrowFieldOptions.TYPE, "uint8"))
            .addField(
                withOptions(
                    Schema.Field.of("u16", FieldType.INT32), ArrowFieldOptions.TYPE, "uint16"))
            .addField(
                withOptions(
                    Schema.Field.of("u32", FieldType.INT64), ArrowFieldOptions.TYPE, "uint32"))
            .addField(
                withOptions(
                    Schema.Field.of("u64", FieldType.DECIMAL),
                    ArrowFieldOptions.TYPE,
                    "uint64",
                    ArrowFieldOptions.DECIMAL_PRECISION,
                    20,
                    ArrowFieldOptions.DECIMAL_SCALE,
                    0))
            .addField(
                withOptions(
                    Schema.Field.of("half", FieldType.FLOAT), ArrowFieldOptions.TYPE, "halffloat"))
            .addField(
                withOptions(
                    Schema.Field.of("ls", FieldType.STRING),
                    ArrowFieldOptions.TYPE,
                    "large_string"))
            .addField(
                withOptions(
                    Schema.Field.of("sv", FieldType.STRING), ArrowFieldOptions.TYPE, "string_view"))
            .addField(
                withOptions(
                    Schema.Field.of("lb", FieldType.BYTES), ArrowFieldOptions.TYPE, "large_binary"))
            .addField(
                withOptions(
                    Schema.Field.of("bv", FieldType.BYTES), ArrowFieldOptions.TYPE, "binary_view"))
            .addField(
                withOptions(
                    Schema.Field.of("ll", FieldType.array(FieldType.INT32)),
                    ArrowFieldOptions.TYPE,
                    "large_list"))
            .addField(
                withOptions(
                    Schema.Field.of("fsl", FieldType.array(FieldType.INT32)),
                    ArrowFieldOptions.TYPE,
                    "fixed_size_list[3]"))
            .addField(
                withOptions(
                    Schema.Field.of("d64", FieldType.logicalType(SqlTypes.DATE)),
                    ArrowFieldOptions.TYPE,
                    "date64[ms]"))
            .addField(
                withOptions(
                    Schema.Field.of("t32s", FieldType.logicalType(SqlTypes.TIME)),
                    ArrowFieldOptions.TYPE,
                    "time32[s]"))
            .addField(
                withOptions(
                    Schema.Field.of("t32ms", FieldType.logicalType(SqlTypes.TIME)),
                    ArrowFieldOptions.TYPE,
                    "time32[ms]"))
            .addField(
                withOptions(
                    Schema.Field.of("t64us", FieldType.logicalType(SqlTypes.TIME)),
                    ArrowFieldOptions.TYPE,
                    "time64[us]"))
            .addField(
                withOptions(
                    Schema.Field.of("dur", FieldType.logicalType(new NanosDuration())),
                    ArrowFieldOptions.TYPE,
                    "duration[ms]"))
            .addField(
                Schema.Field.of("described", FieldType.STRING)
                    .withDescription("a description survives"))
            .build();
    org.apache.arrow.vector.types.pojo.Schema arrow = SchemaConverter.toArrow(beam);
    ArrowType[] expected = {
      new ArrowType.Decimal(10, 3, 128),
      new ArrowType.Decimal(50, 0, 256),
      new ArrowType.Timestamp(TimeUnit.SECOND, "UTC"),
      new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Europe/Paris"),
      new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
      new ArrowType.Timestamp(TimeUnit.MICROSECOND, "+01:00"),
      new ArrowType.Int(8, false),
      new ArrowType.Int(16, false),
      new ArrowType.Int(32, false),
      new ArrowType.Int(64, false),
      new ArrowType.FloatingPoint(FloatingPointPrecision.HALF),
      ArrowType.LargeUtf8.INSTANCE,
      ArrowType.Utf8View.INSTANCE,
      ArrowType.LargeBinary.INSTANCE,
      ArrowType.BinaryView.INSTANCE,
      ArrowType.LargeList.INSTANCE,
      new ArrowType.FixedSizeList(3),
      new ArrowType.Date(DateUnit.MILLISECOND),
      new ArrowType.Time(TimeUnit.SECOND, 32),
      new ArrowType.Time(TimeUnit.MILLISECOND, 32),
      new ArrowType.Time(TimeUnit.MICROSECOND, 64),
      new ArrowType.Duration(TimeUnit.MILLISECOND),
      ArrowType.Utf8.INSTANCE
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], arrow.getFields().get(i).getType(), beam.getField(i).getName());
    }
    assertEquals(beam, SchemaConverter.toBeam(arrow));
  }

  @Test
  void logicalTypeIdsMatchBeam() {
    assertEquals(FixedPrecisionNumeric.IDENTIFIER, LogicalTypeIds.FIXED_DECIMAL);
    assertEquals(Date.IDENTIFIER, LogicalTypeIds.DATE);
    assertEquals(Time.IDENTIFIER, LogicalTypeIds.TIME);
    assertEquals(DateTime.IDENTIFIER, LogicalTypeIds.DATETIME);
    assertEquals(MicrosInstant.IDENTIFIER, LogicalTypeIds.MICROS_INSTANT);
    assertEquals(NanosInstant.IDENTIFIER, LogicalTypeIds.NANOS_INSTANT);
    assertEquals(NanosDuration.IDENTIFIER, LogicalTypeIds.NANOS_DURATION);
    assertEquals(FixedBytes.IDENTIFIER, LogicalTypeIds.FIXED_BYTES);
    assertEquals(EnumerationType.IDENTIFIER, LogicalTypeIds.ENUMERATION);
  }

  static Schema.Field withOptions(Schema.Field field, Object... nameValue) {
    Schema.Options.Builder options = Schema.Options.builder();
    for (int i = 0; i < nameValue.length; i += 2) {
      Object v = nameValue[i + 1];
      options.setOption(
          (String) nameValue[i], v instanceof Integer ? FieldType.INT32 : FieldType.STRING, v);
    }
    return field.withOptions(options.build());
  }
}
