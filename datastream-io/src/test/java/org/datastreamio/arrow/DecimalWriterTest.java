package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Decimals keep their exact value in decimal128, on both of the writer's paths: up to 18 digits
 * (written as a long) and beyond.
 */
@ExtendWith(ArrowLeakCheck.class)
class DecimalWriterTest {

  @Test
  void decimalsOfUpToEighteenDigitsKeepTheirExactValue() {
    assertWrittenAs(
        18,
        2,
        List.of(
            "0",
            "1.5",
            "12",
            "-0.01",
            "0.07",
            "9999999999999999.99",
            "-9999999999999999.99",
            "-4611686018427387.90"),
        List.of(
            "0.00",
            "1.50",
            "12.00",
            "-0.01",
            "0.07",
            "9999999999999999.99",
            "-9999999999999999.99",
            "-4611686018427387.90"));
  }

  @Test
  void aDecimalBuiltFromABigIntegerKeepsItsValue() {
    // Not held as a compact long inside BigDecimal: the writer must not depend on that.
    BigDecimal inflated = new BigDecimal(new BigInteger("-123456789012345678"), 2);
    assertWritten(18, 2, List.of(inflated), List.of(new BigDecimal("-1234567890123456.78")));
  }

  @Test
  void decimalsOfMoreThanEighteenDigitsKeepTheirExactValue() {
    assertWrittenAs(
        38,
        10,
        List.of("12345678901234567890.123456789", "-0.0000000001", "1"),
        List.of("12345678901234567890.1234567890", "-0.0000000001", "1.0000000000"));
  }

  private static void assertWrittenAs(
      int precision, int scale, List<String> values, List<String> expected) {
    assertWritten(
        precision,
        scale,
        values.stream().map(BigDecimal::new).toList(),
        expected.stream().map(BigDecimal::new).toList());
  }

  private static void assertWritten(
      int precision, int scale, List<BigDecimal> values, List<BigDecimal> expected) {
    Schema schema =
        Schema.builder()
            .addField(
                Schema.Field.of(
                    "amount", FieldType.logicalType(FixedPrecisionNumeric.of(precision, scale))))
            .build();
    try (BufferAllocator allocator = ArrowMemory.newChild("decimal-writer");
        RowToArrow writer = new RowToArrow(schema, allocator)) {
      for (BigDecimal v : values) {
        writer.append(Row.withSchema(schema).attachValues(v));
      }
      VectorSchemaRoot root = writer.finishBatch();
      DecimalVector vector = (DecimalVector) root.getVector("amount");
      List<BigDecimal> read = new ArrayList<>();
      for (int i = 0; i < root.getRowCount(); i++) {
        read.add(vector.getObject(i));
      }
      assertEquals(expected, read);
    }
  }
}
