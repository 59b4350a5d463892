package org.datastreamio.cli.bench;

/** One contender's figures: the best of its repeats by throughput, and the highest peak memory. */
final class BenchResult {
  final String name;
  final String description;
  final long rows;
  final double payloadMb;
  final double seconds;
  final double peakMb;

  BenchResult(String name, String description, long rows, double payloadMb, double seconds, double peakMb) {
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
