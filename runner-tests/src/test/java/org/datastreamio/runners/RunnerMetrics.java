package org.datastreamio.runners;

import java.util.Map;
import java.util.TreeMap;
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
    return counters(result).getOrDefault(name, 0L);
  }

  /**
   * Every DataStreamIO counter, read now. Read them right after the run: Beam's Spark runner keeps
   * its metrics in a static accumulator that the next Spark pipeline replaces.
   */
  static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> sums = new TreeMap<>();
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(DataStreamIO.class))
                    .build())
            .getCounters()) {
      sums.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    return sums;
  }
}
