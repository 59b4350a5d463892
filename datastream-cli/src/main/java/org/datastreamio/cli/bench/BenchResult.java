package org.datastreamio.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One contender's figures: the best of its repeats by throughput, the highest peak memory, and the
 * seconds of every repeat in round order.
 */
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

  /** The seconds of each timed round this contender ran, in round order. */
  final List<Double> roundSeconds;

  BenchResult(
      String name,
      String description,
      long rows,
      double payloadMb,
      double seconds,
      double peakMb,
      double arrowPeakMb,
      double cpuSeconds,
      double gcSeconds,
      List<Double> roundSeconds) {
    this.roundSeconds = List.copyOf(roundSeconds);
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

  /** The best of this result and a later round's, with the rounds of both in order. */
  BenchResult withLaterRound(BenchResult later) {
    BenchResult faster = seconds <= later.seconds ? this : later;
    List<Double> rounds = new ArrayList<>(roundSeconds);
    rounds.addAll(later.roundSeconds);
    return new BenchResult(
        faster.name,
        faster.description,
        faster.rows,
        faster.payloadMb,
        faster.seconds,
        Math.max(peakMb, later.peakMb),
        Math.max(arrowPeakMb, later.arrowPeakMb),
        faster.cpuSeconds,
        faster.gcSeconds,
        rounds);
  }

  double rowsPerSecond() {
    return rows / seconds;
  }

  double mbPerSecond() {
    return payloadMb / seconds;
  }
}
