package org.datastreamio.beam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The bad records of a SchemaTransform's error handler as the rows Beam YAML's {@code
 * error_handling} output carries: {@code failed_row} (the row itself for writes, the encoded record
 * batch for reads) and {@code error_message}.
 */
final class BadRecordsAsErrorRows extends PTransform<PCollection<BadRecord>, PCollection<Row>> {
  /** The schema of the failed rows, or null when the failed records are kept as bytes. */
  private final @Nullable Schema rowSchema;

  BadRecordsAsErrorRows(@Nullable Schema rowSchema) {
    this.rowSchema = rowSchema;
  }

  Schema errorSchema() {
    return rowSchema == null
        ? ErrorHandling.errorSchemaBytes()
        : ErrorHandling.errorSchema(rowSchema);
  }

  @Override
  public PCollection<Row> expand(PCollection<BadRecord> input) {
    Schema errors = errorSchema();
    Schema rows = rowSchema;
    return input
        .apply(
            "AsErrorRows",
            MapElements.into(TypeDescriptors.rows())
                .via((BadRecord bad) -> errorRow(bad, rows, errors)))
        .setRowSchema(errors);
  }

  private static Row errorRow(BadRecord bad, @Nullable Schema rows, Schema errors) {
    byte[] encoded = bad.getRecord().getEncodedRecord();
    Object failed;
    if (rows == null) {
      failed = encoded;
    } else {
      try {
        failed = RowCoder.of(rows).decode(new ByteArrayInputStream(encoded));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot decode a bad record's row", e);
      }
    }
    String message = bad.getFailure().getDescription() + ": " + bad.getFailure().getException();
    return Row.withSchema(errors)
        .withFieldValue("failed_row", failed)
        .withFieldValue("error_message", message)
        .build();
  }
}
