package org.datastreamio.cli.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.ArrowBatch;

/**
 * Counts what a reading pipeline received, in process-wide counters keyed by a run id, so the bench
 * sees the count (and when the last row arrived) while the reader is still running. Works on the
 * runners the bench uses, which all run in this JVM (Direct, Flink [local]).
 */
final class Arrivals {
  private static final ConcurrentHashMap<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  private Arrivals() {}

  static AtomicLong counter(String runId) {
    return COUNTS.computeIfAbsent(runId, k -> new AtomicLong());
  }

  static long remove(String runId) {
    AtomicLong c = COUNTS.remove(runId);
    return c == null ? 0 : c.get();
  }

  /**
   * Waits until {@code expected} rows arrived, or fails after {@code timeoutMillis} naming the
   * count.
   */
  static void await(String runId, long expected, long timeoutMillis, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    AtomicLong c = counter(runId);
    while (c.get() < expected) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            what
                + ": only "
                + c.get()
                + " of "
                + expected
                + " rows arrived within "
                + timeoutMillis / 1000
                + " s");
      }
      Thread.sleep(2);
    }
  }

  /** Counts rows. */
  static final class CountRows extends DoFn<Row, Void> {
    private final String runId;

    CountRows(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element Row row) {
      counter(runId).incrementAndGet();
    }
  }

  /** Counts the rows of batches. */
  static final class CountBatchRows extends DoFn<ArrowBatch, Void> {
    private final String runId;

    CountBatchRows(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element ArrowBatch batch) {
      counter(runId).addAndGet(batch.rowCount());
    }
  }
}
