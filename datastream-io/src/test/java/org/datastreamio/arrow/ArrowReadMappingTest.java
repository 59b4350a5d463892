package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Arrow types Beam has no exact type for, built as vectors directly (as pyarrow or another writer
 * would send them): their Beam type and options, the values read, and that writing the rows back
 * gives the same Arrow types and values.
 */
@ExtendWith(ArrowLeakCheck.class)
class ArrowReadMappingTest {

  private static Field field(String name, ArrowType type, Field... children) {
    return new Field(
        name, FieldType.nullable(type), children.length == 0 ? null : Arrays.asList(children));
  }

  @Test
  void readOnlyTypesMapToBeamAndWriteBackAsTheSameArrowTypes() {
    List<Field> fields =
        List.of(
            field("u8", new ArrowType.Int(8, false)),
            field("u16", new ArrowType.Int(16, false)),
            field("u32", new ArrowType.Int(32, false)),
            field("u64", new ArrowType.Int(64, false)),
            field("half", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
            field("ls", ArrowType.LargeUtf8.INSTANCE),
            field("sv", ArrowType.Utf8View.INSTANCE),
            field("lb", ArrowType.LargeBinary.INSTANCE),
            field("bv", ArrowType.BinaryView.INSTANCE),
            field("d64", new ArrowType.Date(DateUnit.MILLISECOND)),
            field("t32s", new ArrowType.Time(TimeUnit.SECOND, 32)),
            field("t32ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
            field("t64us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
            field("tsSecUtc", new ArrowType.Timestamp(TimeUnit.SECOND, "UTC")),
            field("tsMsParis", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Europe/Paris")),
            field("tsUsUtc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            field("tsNsTokyo", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Asia/Tokyo")),
            field("tsSecLocal", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
            field("tsNsLocal", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
            field("durS", new ArrowType.Duration(TimeUnit.SECOND)),
            field("dec", new ArrowType.Decimal(10, 3, 128)),
            field("ll", ArrowType.LargeList.INSTANCE, field("item", new ArrowType.Int(32, true))),
            field(
                "fsl", new ArrowType.FixedSizeList(2), field("item", new ArrowType.Int(32, true))));
    org.apache.arrow.vector.types.pojo.Schema arrow =
        new org.apache.arrow.vector.types.pojo.Schema(fields);

    Schema beam = SchemaConverter.toBeam(arrow);
    expectField(beam, "u8", Schema.FieldType.INT16, ArrowFieldOptions.TYPE, "uint8");
    expectField(beam, "u16", Schema.FieldType.INT32, ArrowFieldOptions.TYPE, "uint16");
    expectField(beam, "u32", Schema.FieldType.INT64, ArrowFieldOptions.TYPE, "uint32");
    expectField(
        beam,
        "u64",
        Schema.FieldType.DECIMAL,
        ArrowFieldOptions.TYPE,
        "uint64",
        ArrowFieldOptions.DECIMAL_PRECISION,
        20,
        ArrowFieldOptions.DECIMAL_SCALE,
        0);
    expectField(beam, "half", Schema.FieldType.FLOAT, ArrowFieldOptions.TYPE, "halffloat");
    expectField(beam, "ls", Schema.FieldType.STRING, ArrowFieldOptions.TYPE, "large_string");
    expectField(beam, "sv", Schema.FieldType.STRING, ArrowFieldOptions.TYPE, "string_view");
    expectField(beam, "lb", Schema.FieldType.BYTES, ArrowFieldOptions.TYPE, "large_binary");
    expectField(beam, "bv", Schema.FieldType.BYTES, ArrowFieldOptions.TYPE, "binary_view");
    expectField(
        beam,
        "d64",
        Schema.FieldType.logicalType(SqlTypes.DATE),
        ArrowFieldOptions.TYPE,
        "date64[ms]");
    expectField(
        beam,
        "t32s",
        Schema.FieldType.logicalType(SqlTypes.TIME),
        ArrowFieldOptions.TYPE,
        "time32[s]");
    expectField(
        beam,
        "t32ms",
        Schema.FieldType.logicalType(SqlTypes.TIME),
        ArrowFieldOptions.TYPE,
        "time32[ms]");
    expectField(
        beam,
        "t64us",
        Schema.FieldType.logicalType(SqlTypes.TIME),
        ArrowFieldOptions.TYPE,
        "time64[us]");
    expectField(
        beam, "tsSecUtc", Schema.FieldType.DATETIME, ArrowFieldOptions.TIMESTAMP_UNIT, "SECOND");
    expectField(
        beam, "tsMsParis", Schema.FieldType.DATETIME, ArrowFieldOptions.TIMEZONE, "Europe/Paris");
    expectField(beam, "tsUsUtc", Schema.FieldType.logicalType(new MicrosInstant()));
    expectField(
        beam,
        "tsNsTokyo",
        Schema.FieldType.logicalType(new NanosInstant()),
        ArrowFieldOptions.TIMEZONE,
        "Asia/Tokyo");
    expectField(
        beam,
        "tsSecLocal",
        Schema.FieldType.logicalType(SqlTypes.DATETIME),
        ArrowFieldOptions.TIMESTAMP_UNIT,
        "SECOND");
    expectField(
        beam,
        "tsNsLocal",
        Schema.FieldType.logicalType(SqlTypes.DATETIME),
        ArrowFieldOptions.TIMESTAMP_UNIT,
        "NANOSECOND");
    expectField(
        beam,
        "durS",
        Schema.FieldType.logicalType(new NanosDuration()),
        ArrowFieldOptions.TYPE,
        "duration[s]");
    expectField(
        beam,
        "dec",
        Schema.FieldType.DECIMAL,
        ArrowFieldOptions.DECIMAL_PRECISION,
        10,
        ArrowFieldOptions.DECIMAL_SCALE,
        3);
    expectField(
        beam,
        "ll",
        Schema.FieldType.array(Schema.FieldType.INT32.withNullable(true)),
        ArrowFieldOptions.TYPE,
        "large_list");
    expectField(
        beam,
        "fsl",
        Schema.FieldType.array(Schema.FieldType.INT32.withNullable(true)),
        ArrowFieldOptions.TYPE,
        "fixed_size_list[2]");

    Object[] expected = {
      (short) 255,
      65535,
      4294967295L,
      new BigDecimal("18446744073709551615"),
      1.5f,
      "héllo wörld",
      "a view string longer than twelve",
      new byte[] {1, 2, 3},
      new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4},
      LocalDate.of(1970, 1, 4),
      LocalTime.of(1, 1, 1),
      LocalTime.of(1, 1, 1, 1_000_000),
      LocalTime.of(23, 59, 59, 999_999_000),
      new org.joda.time.Instant(-86_400_000L),
      new org.joda.time.Instant(1_700_000_000_123L),
      Instant.ofEpochSecond(1_700_000_000L, 123_456_000),
      Instant.ofEpochSecond(-1L, 999_999_999),
      LocalDateTime.of(2262, 4, 11, 23, 47, 16),
      LocalDateTime.of(1677, 9, 21, 0, 12, 43, 145_224_192),
      Duration.ofSeconds(-90_061),
      new BigDecimal("-9999999.999"),
      List.of(1, 2, 3),
      Arrays.asList(7, null)
    };

    try (BufferAllocator allocator = ArrowMemory.newChild("read-mapping");
        VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
      root.allocateNew();
      ((UInt1Vector) root.getVector("u8")).setSafe(0, 255);
      ((UInt2Vector) root.getVector("u16")).setSafe(0, 65535);
      ((UInt4Vector) root.getVector("u32")).setSafe(0, -1);
      ((UInt8Vector) root.getVector("u64")).setSafe(0, -1L);
      ((Float2Vector) root.getVector("half")).setSafeWithPossibleTruncate(0, 1.5f);
      ((LargeVarCharVector) root.getVector("ls")).setSafe(0, utf8("héllo wörld"));
      ((ViewVarCharVector) root.getVector("sv"))
          .setSafe(0, utf8("a view string longer than twelve"));
      ((LargeVarBinaryVector) root.getVector("lb")).setSafe(0, new byte[] {1, 2, 3});
      ((ViewVarBinaryVector) root.getVector("bv"))
          .setSafe(0, new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4});
      ((DateMilliVector) root.getVector("d64")).setSafe(0, 3 * 86_400_000L);
      ((TimeSecVector) root.getVector("t32s")).setSafe(0, 3661);
      ((TimeMilliVector) root.getVector("t32ms")).setSafe(0, 3_661_001);
      ((TimeMicroVector) root.getVector("t64us")).setSafe(0, 86_399_999_999L);
      ((TimeStampVector) root.getVector("tsSecUtc")).setSafe(0, -86_400L);
      ((TimeStampVector) root.getVector("tsMsParis")).setSafe(0, 1_700_000_000_123L);
      ((TimeStampVector) root.getVector("tsUsUtc")).setSafe(0, 1_700_000_000_123_456L);
      ((TimeStampVector) root.getVector("tsNsTokyo")).setSafe(0, -1L);
      ((TimeStampVector) root.getVector("tsSecLocal")).setSafe(0, 9_223_372_036L);
      ((TimeStampVector) root.getVector("tsNsLocal")).setSafe(0, Long.MIN_VALUE);
      ((DurationVector) root.getVector("durS")).setSafe(0, -90_061L);
      ((DecimalVector) root.getVector("dec")).setSafe(0, new BigDecimal("-9999999.999"));
      LargeListVector ll = (LargeListVector) root.getVector("ll");
      long at = ll.startNewValue(0);
      IntVector llData = (IntVector) ll.getDataVector();
      for (int i = 0; i < 3; i++) {
        llData.setSafe((int) at + i, i + 1);
      }
      ll.endValue(0, 3);
      FixedSizeListVector fsl = (FixedSizeListVector) root.getVector("fsl");
      fsl.setNotNull(0);
      IntVector fslData = (IntVector) fsl.getDataVector();
      fslData.setSafe(0, 7);
      fslData.setNull(1);
      fsl.setNull(1);
      for (FieldVector v : root.getFieldVectors()) {
        v.setNull(1);
      }
      root.setRowCount(2);

      List<Row> rows = read(beam, root, null);
      assertEquals(2, rows.size());
      assertValues(expected, rows.get(0));
      for (int i = 0; i < expected.length; i++) {
        assertNull(rows.get(1).getValue(i), beam.getField(i).getName() + " null");
      }

      // Writing the rows back uses the options to produce the original Arrow types.
      try (RowToArrow writer = new RowToArrow(beam, allocator)) {
        rows.forEach(writer::append);
        VectorSchemaRoot back = writer.finishBatch();
        for (int i = 0; i < fields.size(); i++) {
          assertEquals(
              fields.get(i).getType(),
              back.getSchema().getFields().get(i).getType(),
              fields.get(i).getName());
        }
        assertEquals(rows, read(beam, back, null));
      }
    }
  }

  @Test
  void dictionaryEncodedStringsDecodeWithAProvider() {
    // As an ArrowReader's root holds it: the field has the index type, the dictionary the values.
    DictionaryEncoding encoding = new DictionaryEncoding(7L, false, new ArrowType.Int(32, true));
    Field field =
        new Field("color", new FieldType(true, new ArrowType.Int(32, true), encoding), null);
    org.apache.arrow.vector.types.pojo.Schema arrow =
        new org.apache.arrow.vector.types.pojo.Schema(List.of(field));
    try (BufferAllocator allocator = ArrowMemory.newChild("dictionary");
        VarCharVector values = new VarCharVector("dict", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
      values.allocateNew();
      values.setSafe(0, utf8("red"));
      values.setSafe(1, utf8("绿"));
      values.setValueCount(2);
      DictionaryProvider provider =
          new DictionaryProvider.MapDictionaryProvider(new Dictionary(values, encoding));
      Schema beam = SchemaConverter.toBeam(arrow, provider);
      assertEquals(
          Schema.builder().addNullableField("color", Schema.FieldType.STRING).build(), beam);
      UnsupportedTypeException noProvider =
          assertThrows(UnsupportedTypeException.class, () -> SchemaConverter.toBeam(arrow));
      assertTrue(
          noProvider.getMessage().contains("'color' is dictionary-encoded"),
          noProvider.getMessage());
      assertThrows(UnsupportedTypeException.class, () -> new ArrowToRow(beam, arrow));

      IntVector indices = (IntVector) root.getVector("color");
      indices.allocateNew();
      indices.setSafe(0, 1);
      indices.setNull(1);
      indices.setSafe(2, 0);
      root.setRowCount(3);
      List<Row> rows = read(beam, root, provider);
      assertEquals(
          Arrays.asList("绿", null, "red"),
          rows.stream().map(r -> r.getString(0)).collect(Collectors.toList()));
    }
  }

  @Test
  void decimalsWithoutBeamMetadataKeepPrecisionAndScaleAsOptions() {
    Field dec = field("amount", new ArrowType.Decimal(18, 2, 128));
    Field listOfDec =
        field("amounts", ArrowType.List.INSTANCE, field("item", new ArrowType.Decimal(7, 4, 128)));
    Schema beam =
        SchemaConverter.toBeam(
            new org.apache.arrow.vector.types.pojo.Schema(List.of(dec, listOfDec)));
    expectField(
        beam,
        "amount",
        Schema.FieldType.DECIMAL,
        ArrowFieldOptions.DECIMAL_PRECISION,
        18,
        ArrowFieldOptions.DECIMAL_SCALE,
        2);
    // List elements cannot carry options: the decimal becomes FixedPrecisionNumeric.
    expectField(
        beam,
        "amounts",
        Schema.FieldType.array(
            Schema.FieldType.logicalType(FixedPrecisionNumeric.of(7, 4)).withNullable(true)));
    assertEquals(
        new ArrowType.Decimal(18, 2, 128),
        SchemaConverter.toArrow(beam).findField("amount").getType());
    assertEquals(
        new ArrowType.Decimal(7, 4, 128),
        SchemaConverter.toArrow(beam).findField("amounts").getChildren().get(0).getType());
  }

  static List<Row> read(Schema beam, VectorSchemaRoot root, DictionaryProvider provider) {
    List<Row> rows = new ArrayList<>();
    Consumer<Row> out = rows::add;
    new ArrowToRow(beam, root.getSchema(), provider).convert(root, out);
    return rows;
  }

  private static void assertValues(Object[] expected, Row row) {
    for (int i = 0; i < expected.length; i++) {
      String name = row.getSchema().getField(i).getName();
      if (expected[i] instanceof byte[]) {
        assertArrayEquals((byte[]) expected[i], (byte[]) row.getValue(i), name);
      } else {
        assertEquals(expected[i], row.getValue(i), name);
      }
    }
  }

  private static void expectField(
      Schema beam, String name, Schema.FieldType type, Object... options) {
    Schema.Field expected =
        SchemaConverterTest.withOptions(Schema.Field.of(name, type.withNullable(true)), options);
    assertEquals(expected, beam.getField(name), name);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
