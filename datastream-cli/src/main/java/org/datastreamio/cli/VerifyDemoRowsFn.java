package org.datastreamio.cli;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/**
 * Checks rows read back against {@link DemoRows}: every row must equal {@code DemoRows.row(id)}, and
 * the count, the sum of ids and the sum of squared ids must match 0..n-1 exactly. A lost row, a
 * duplicate or a changed value shows in these counters.
 */
final class VerifyDemoRowsFn extends DoFn<Row, Void> {
  private static final String NS = "datastream-demo";
  private final Counter rows = Metrics.counter(NS, "rows");
  private final Counter idSum = Metrics.counter(NS, "idSum");
  private final Counter idSquares = Metrics.counter(NS, "idSquares");
  private final Counter mismatches = Metrics.counter(NS, "mismatches");

  @ProcessElement
  public void process(@Element Row row) {
    long id = row.getInt64("id");
    rows.inc();
    idSum.inc(id);
    idSquares.inc(id * id);
    if (!DemoRows.row(id).equals(row)) {
      mismatches.inc();
    }
  }

  /** The verdict for a finished pipeline; null when all is well, else what is wrong. */
  static String verdict(PipelineResult result, long expectedRows) {
    long n = expectedRows;
    long got = counter(result, "rows");
    long sum = counter(result, "idSum");
    long squares = counter(result, "idSquares");
    long bad = counter(result, "mismatches");
    long wantSum = 0;
    long wantSquares = 0;
    for (long i = 0; i < n; i++) {
      wantSum += i;
      wantSquares += i * i;
    }
    if (got != n) {
      return "read " + got + " rows, expected " + n;
    }
    if (bad != 0) {
      return bad + " rows differ from what was written";
    }
    if (sum != wantSum || squares != wantSquares) {
      return "the ids read are not 0.." + (n - 1) + " exactly once (duplicates and losses)";
    }
    return null;
  }

  private static long counter(PipelineResult result, String name) {
    return PipelineRun.sum(result, MetricNameFilter.named(NS, name));
  }
}
