package org.datastreamio.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The synthetic dataset of {@code generate}, {@code demo} and {@code bench}: an order-like row that
 * covers the main types. Row {@code i} is a pure function of {@code i}, so any reader can check it.
 *
 * <pre>
 * id        INT64            i
 * customer  STRING           "customer-" + (i % 10007)
 * amount    DOUBLE           (i % 100000) / 100.0
 * price     DECIMAL(18, 2)   (i % 1000000) / 100
 * ts        TIMESTAMP (us)   2025-01-01T00:00:00Z + i seconds + (i % 1000) microseconds
 * paid      BOOLEAN          i % 3 != 0
 * tags      ARRAY<STRING>    i % 4 tags "t0".."t3"
 * address   ROW(city STRING, zip INT32)   ("city-" + (i % 97), 10000 + i % 90000)
 * note      STRING, nullable null when i % 7 == 0, else "note " + i
 * </pre>
 */
public final class DemoRows {
  static final Schema ADDRESS =
      Schema.builder().addStringField("city").addInt32Field("zip").build();

  public static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addStringField("customer")
          .addDoubleField("amount")
          .addLogicalTypeField("price", FixedPrecisionNumeric.of(18, 2))
          .addLogicalTypeField("ts", new MicrosInstant())
          .addBooleanField("paid")
          .addArrayField("tags", FieldType.STRING)
          .addRowField("address", ADDRESS)
          .addNullableField("note", FieldType.STRING)
          .build();

  private static final long EPOCH_2025 = 1_735_689_600L;
  private static final List<List<String>> TAGS =
      List.of(List.of(), List.of("t0"), List.of("t0", "t1"), List.of("t0", "t1", "t2"));

  private DemoRows() {}

  /**
   * Rows 0..rows-1 as a schema'd PCollection: the input of every pipeline that writes the demo
   * rows.
   */
  public static PCollection<Row> generate(Pipeline pipeline, long rows) {
    return pipeline
        .apply("Sequence", GenerateSequence.from(0).to(rows))
        .apply("DemoRows", MapElements.into(TypeDescriptors.rows()).via(DemoRows::row))
        .setRowSchema(SCHEMA);
  }

  public static Row row(long i) {
    return Row.withSchema(SCHEMA)
        .attachValues(
            i,
            "customer-" + (i % 10007),
            (i % 100000) / 100.0,
            BigDecimal.valueOf(i % 1_000_000, 2),
            Instant.ofEpochSecond(EPOCH_2025 + i, (i % 1000) * 1000),
            i % 3 != 0,
            TAGS.get((int) (i % 4)),
            Row.withSchema(ADDRESS).attachValues("city-" + (i % 97), (int) (10000 + i % 90000)),
            i % 7 == 0 ? null : "note " + i);
  }
}
