package org.datastreamio.beam;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The error output a SchemaTransform's {@code error_handling} asks for, or none: registered before
 * the IO is applied (which takes {@link #handler()}), then closed and added to the outputs by
 * {@link #addTo}. One place for the read and the write providers.
 */
final class ErrorOutput {
  private final @Nullable ErrorHandling errorHandling;
  private final @Nullable BadRecordErrorHandler<PCollection<Row>> handler;

  private ErrorOutput(
      @Nullable ErrorHandling errorHandling,
      @Nullable BadRecordErrorHandler<PCollection<Row>> handler) {
    this.errorHandling = errorHandling;
    this.handler = handler;
  }

  /**
   * Registers the handler if {@code errorHandling} names an output; {@code rowSchema} is the schema
   * of failed rows, or null when failed records are kept as bytes.
   */
  static ErrorOutput register(
      Pipeline pipeline, @Nullable ErrorHandling errorHandling, @Nullable Schema rowSchema) {
    if (!ErrorHandling.hasOutput(errorHandling)) {
      return new ErrorOutput(null, null);
    }
    return new ErrorOutput(
        errorHandling,
        pipeline.registerBadRecordErrorHandler(new BadRecordsAsErrorRows(rowSchema)));
  }

  /** The handler to give the IO, or null when no error output was asked for. */
  @Nullable BadRecordErrorHandler<PCollection<Row>> handler() {
    return handler;
  }

  /** Closes the handler and adds its rows to {@code out} under the configured name. */
  PCollectionRowTuple addTo(PCollectionRowTuple out) {
    if (handler == null || errorHandling == null) {
      return out;
    }
    handler.close();
    return out.and(errorHandling.getOutput(), handler.getOutput());
  }
}
