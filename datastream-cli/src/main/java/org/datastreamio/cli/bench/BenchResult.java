package org.datastreamio.cli.bench;

/** One contender's figures: the best of its repeats by throughput, and the highest peak memory. */
final class BenchResult {
  final String name;
  final String description;
  final long rows;
  final double payloadMb;
  final double seconds;
  final double peakMb;

  /** Arrow memory the run allocated beyond the dataset, in this JVM; 0 for another process. */
  final double arrowPeakMb;

  /** CPU seconds of the fastest repeat (see {@link BenchRun#measuredCpuSeconds}). */
  final double cpuSeconds;

  /** GC seconds of the fastest repeat (see {@link BenchRun#measuredGcSeconds}); NaN if unknown. */
  final double gcSeconds;

  BenchResult(
      String name,
      String description,
      long rows,
      double payloadMb,
      double seconds,
      double peakMb,
      double arrowPeakMb,
      double cpuSeconds,
      double gcSeconds) {
    this.arrowPeakMb = arrowPeakMb;
    this.cpuSeconds = cpuSeconds;
    this.gcSeconds = gcSeconds;
    this.name = name;
    this.description = description;
    this.rows = rows;
    this.payloadMb = payloadMb;
    this.seconds = seconds;
    this.peakMb = peakMb;
  }

  double rowsPerSecond() {
    return rows / seconds;
  }

  double mbPerSecond() {
    return payloadMb / seconds;
  }
}
