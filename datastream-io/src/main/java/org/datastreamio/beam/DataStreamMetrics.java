package org.datastreamio.beam;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** The counters DataStreamIO reports, in namespace {@code org.datastreamio.beam.DataStreamIO}. */
final class DataStreamMetrics {
  static final Counter ROWS_WRITTEN = Metrics.counter(DataStreamIO.class, "rowsWritten");
  static final Counter BATCHES_WRITTEN = Metrics.counter(DataStreamIO.class, "batchesWritten");
  static final Counter BYTES_WRITTEN = Metrics.counter(DataStreamIO.class, "bytesWritten");
  static final Counter PARTS_COMMITTED = Metrics.counter(DataStreamIO.class, "partsCommitted");
  static final Counter ROWS_READ = Metrics.counter(DataStreamIO.class, "rowsRead");
  static final Counter BATCHES_READ = Metrics.counter(DataStreamIO.class, "batchesRead");
  static final Counter BYTES_READ = Metrics.counter(DataStreamIO.class, "bytesRead");
  static final Counter RESTRICTIONS_READ = Metrics.counter(DataStreamIO.class, "restrictionsRead");

  /**
   * Streams a read dropped because they ended early (socket {@code truncated=drop}): a writer that
   * failed.
   */
  static final Counter TRUNCATED_STREAMS = Metrics.counter(DataStreamIO.class, "truncatedStreams");

  /**
   * Elements sent to the error handler: rows that do not fit the stream's schema, batches that do
   * not fit the read's.
   */
  static final Counter BAD_RECORDS = Metrics.counter(DataStreamIO.class, "badRecords");

  private DataStreamMetrics() {}
}
