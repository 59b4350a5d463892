package org.datastreamio.cli.bench;

import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.cli.DemoRows;

/**
 * The demo rows in Beam's plain types, for the baselines whose converters (RowJson, AvroUtils) do
 * not handle the demo schema's logical types: price is its exact decimal text ("1234.56": AvroUtils
 * maps a plain DECIMAL to Avro decimal with scale 0 and refuses the cents), ts a millisecond
 * DATETIME instead of a microsecond timestamp. The same values otherwise, as a hand-written JSON
 * feed or Avro schema would carry them.
 */
final class PlainTypeRows {
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addStringField("customer")
          .addDoubleField("amount")
          .addStringField("price")
          .addDateTimeField("ts")
          .addBooleanField("paid")
          .addArrayField("tags", Schema.FieldType.STRING)
          .addRowField("address", DemoRows.SCHEMA.getField("address").getType().getRowSchema())
          .addNullableField("note", Schema.FieldType.STRING)
          .build();

  private PlainTypeRows() {}

  static Row of(Row demo) {
    return Row.withSchema(SCHEMA)
        .attachValues(
            demo.getInt64(0),
            demo.getString(1),
            demo.getDouble(2),
            demo.getLogicalTypeValue(3, BigDecimal.class).toPlainString(),
            new org.joda.time.Instant(
                demo.getLogicalTypeValue(4, java.time.Instant.class).toEpochMilli()),
            demo.getBoolean(5),
            demo.getArray(6),
            demo.getRow(7),
            demo.getString(8));
  }
}
