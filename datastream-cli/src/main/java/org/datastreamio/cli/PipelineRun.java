package org.datastreamio.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.datastreamio.beam.DataStreamIO;

/**
 * Runs a pipeline to completion and reports DataStreamIO's counters. On an interactive terminal it
 * shows a progress line while the pipeline runs (where the runner reports metrics during the run).
 */
final class PipelineRun {
  final PipelineResult result;
  final double seconds;

  private PipelineRun(PipelineResult result, double seconds) {
    this.result = result;
    this.seconds = seconds;
  }

  static PipelineRun run(Pipeline pipeline, String label, PrintStream progress) {
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    boolean interactive = System.console() != null;
    if (interactive) {
      while (true) {
        PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.millis(500));
        if (state != null && state.isTerminal()) {
          break;
        }
        double s = (System.nanoTime() - start) / 1e9;
        long rows = Math.max(counter(result, "rowsWritten"), counter(result, "rowsRead"));
        progress.printf(Locale.ROOT, "\r  %s: %,d rows, %.1f s ", label, rows, s);
        progress.flush();
      }
      progress.print("\r\033[K");
    }
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(label + " pipeline ended in state " + state);
    }
    return new PipelineRun(result, (System.nanoTime() - start) / 1e9);
  }

  long counter(String name) {
    return counter(result, name);
  }

  /** A DataStreamIO counter, or 0 while the runner cannot report it yet (for progress lines). */
  static long counter(PipelineResult result, String name) {
    try {
      return sum(result, MetricNameFilter.named(DataStreamIO.class, name));
    } catch (RuntimeException e) {
      return 0; // some runners report metrics only at the end
    }
  }

  /** The total of the counters a filter names, committed values where the runner has them. */
  static long sum(PipelineResult result, MetricNameFilter filter) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(MetricsFilter.builder().addNameFilter(filter).build())
            .getCounters()) {
      try {
        total += c.getCommitted();
      } catch (UnsupportedOperationException e) {
        total += c.getAttempted();
      }
    }
    return total;
  }

  /** "1,000,000 rows, 95.4 MB in 3.2 s: 312,500 rows/s, 29.8 MB/s". */
  String summary(String rowsCounter, String bytesCounter) {
    long rows = counter(rowsCounter);
    double mb = counter(bytesCounter) / 1e6;
    return String.format(
        Locale.ROOT,
        "%,d rows, %.1f MB in %.2f s: %,.0f rows/s, %.1f MB/s",
        rows,
        mb,
        seconds,
        rows / seconds,
        mb / seconds);
  }
}
