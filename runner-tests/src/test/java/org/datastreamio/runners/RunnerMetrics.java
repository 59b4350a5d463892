package org.datastreamio.runners;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.datastreamio.beam.DataStreamIO;

/** DataStreamIO's counters as the runner reports them after a run. */
final class RunnerMetrics {
  private RunnerMetrics() {}

  /** The attempted value (every runner reports it; committed is optional), summed over steps. */
  static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics()
        .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(DataStreamIO.class, name)).build())
        .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}
