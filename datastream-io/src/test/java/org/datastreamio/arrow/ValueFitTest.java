package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Values that do not fit their field fail naming the field (full path) and what was wrong. */
@ExtendWith(ArrowLeakCheck.class)
class ValueFitTest {

  private static String failure(Schema schema, Object value) {
    try (BufferAllocator allocator = ArrowMemory.newChild("value-fit");
        RowToArrow writer = new RowToArrow(schema, allocator)) {
      Row row = Row.withSchema(schema).attachValues(value);
      return assertThrows(ValueFitException.class, () -> writer.append(row)).getMessage();
    }
  }

  private static Schema one(Schema.Field field) {
    return Schema.builder().addField(field).build();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' in: " + message);
    }
  }

  @Test
  void decimalsAreNeverRounded() {
    Schema schema =
        one(Schema.Field.of("amount", FieldType.logicalType(FixedPrecisionNumeric.of(5, 2))));
    assertMentions(
        failure(schema, new BigDecimal("1.234")),
        "'amount'",
        "1.234",
        "decimal(5, 2)",
        "not rounded");
    assertMentions(
        failure(schema, new BigDecimal("1234.5")), "'amount'", "1234.5", "decimal(5, 2)", "digits");
    Schema plain =
        one(
            SchemaConverterTest.withOptions(
                Schema.Field.of("p", FieldType.DECIMAL),
                ArrowFieldOptions.DECIMAL_PRECISION,
                3,
                ArrowFieldOptions.DECIMAL_SCALE,
                0));
    assertMentions(failure(plain, new BigDecimal("1000")), "'p'", "1000", "decimal(3, 0)");
    Schema byDefault = one(Schema.Field.of("d", FieldType.DECIMAL));
    assertMentions(failure(byDefault, new BigDecimal("1E+21")), "'d'", "decimal(38, 18)");
  }

  @Test
  void wrongJavaClassNamesFieldAndClass() {
    Schema schema = one(Schema.Field.of("id", FieldType.INT64));
    assertMentions(failure(schema, "not a number"), "'id'", "INT64", "java.lang.String");
  }

  @Test
  void nullInANonNullableFieldFails() {
    Schema schema = one(Schema.Field.of("id", FieldType.INT64));
    assertMentions(failure(schema, null), "'id'", "not nullable");
  }

  @Test
  void nestedFailuresNameTheFullPath() {
    Schema inner = Schema.builder().addField("n", FieldType.INT32).build();
    Schema schema = one(Schema.Field.of("outer", FieldType.array(FieldType.row(inner))));
    Row bad = Row.withSchema(inner).attachValues("x");
    assertMentions(failure(schema, List.of(bad)), "'outer[].n'", "java.lang.String");
    Schema map = one(Schema.Field.of("m", FieldType.map(FieldType.STRING, FieldType.INT16)));
    assertMentions(failure(map, Map.of("k", 1)), "'m.value'", "java.lang.Integer");
  }

  @Test
  void temporalAndBinaryMisfits() {
    Schema local = one(Schema.Field.of("ts", FieldType.logicalType(SqlTypes.DATETIME)));
    assertMentions(
        failure(local, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)), "'ts'", "finer than MICROSECOND");
    Schema seconds =
        one(
            SchemaConverterTest.withOptions(
                Schema.Field.of("s", FieldType.logicalType(new MicrosInstant())),
                ArrowFieldOptions.TIMESTAMP_UNIT,
                "SECOND"));
    assertMentions(failure(seconds, Instant.ofEpochMilli(1500)), "'s'", "SECOND");
    Schema fixed = one(Schema.Field.of("h", FieldType.logicalType(FixedBytes.of(4))));
    assertMentions(failure(fixed, new byte[3]), "'h'", "3 bytes", "exactly 4");
    Schema unsigned =
        one(
            SchemaConverterTest.withOptions(
                Schema.Field.of("u", FieldType.INT16), ArrowFieldOptions.TYPE, "uint8"));
    assertMentions(failure(unsigned, (short) 256), "'u'", "256", "0..255");
    Schema u64 =
        one(
            SchemaConverterTest.withOptions(
                Schema.Field.of("big", FieldType.DECIMAL), ArrowFieldOptions.TYPE, "uint64"));
    assertMentions(failure(u64, new BigDecimal("-1")), "'big'", "-1", "uint64");
    Schema fsl =
        one(
            SchemaConverterTest.withOptions(
                Schema.Field.of("pair", FieldType.array(FieldType.INT32)),
                ArrowFieldOptions.TYPE,
                "fixed_size_list[2]"));
    assertMentions(failure(fsl, List.of(1, 2, 3)), "'pair'", "fixed_size_list[2]", "3 elements");
  }

  @Test
  void nullFromArrowIntoANonNullableBeamFieldFails() {
    Schema nullable = one(Schema.Field.nullable("v", FieldType.INT32));
    Schema required = one(Schema.Field.of("v", FieldType.INT32));
    try (BufferAllocator allocator = ArrowMemory.newChild("value-fit");
        RowToArrow writer = new RowToArrow(nullable, allocator)) {
      writer.append(Row.withSchema(nullable).attachValues(1));
      writer.append(Row.withSchema(nullable).attachValues((Object) null));
      VectorSchemaRoot root = writer.finishBatch();
      ArrowToRow reader = new ArrowToRow(required, root.getSchema());
      List<Row> rows = new ArrayList<>();
      ValueFitException e =
          assertThrows(ValueFitException.class, () -> reader.convert(root, rows::add));
      assertMentions(e.getMessage(), "'v'", "row 1", "not nullable");
      assertEquals(1, rows.size());
    }
  }
}
