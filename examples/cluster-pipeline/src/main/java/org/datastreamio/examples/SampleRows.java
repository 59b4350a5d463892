package org.datastreamio.examples;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The rows the example generates: row {@code i} is a pure function of {@code i}, so a reader can
 * check every value.
 */
public final class SampleRows {
  public static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addStringField("name")
          .addDoubleField("amount")
          .addBooleanField("even")
          .addNullableField("note", Schema.FieldType.STRING)
          .addByteArrayField("payload")
          .build();

  private SampleRows() {}

  public static Row row(long i) {
    return Row.withSchema(SCHEMA)
        .addValues(
            i,
            "row-" + i + "-\u00e9\u00df\u6f22",
            i * 0.25,
            i % 2 == 0,
            i % 7 == 0 ? null : "note " + i,
            new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)})
        .build();
  }
}
