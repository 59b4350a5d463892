package org.datastreamio.cli.bench;

import java.nio.file.Path;
import org.datastreamio.cli.RunnerOptions;

/** What one contender run gets: the dataset, a scratch directory, the runner, and the clock. */
final class BenchRun {
  final BenchData data;
  final Path workDir;
  final RunnerOptions runner;
  private long startNanos;
  private double stoppedSeconds = -1;
  private double externalPeakMb = -1;

  BenchRun(BenchData data, Path workDir, RunnerOptions runner) {
    this.data = data;
    this.workDir = workDir;
    this.runner = runner;
  }

  /** Marks the end of setup: the measured time starts here. */
  void startClock() {
    startNanos = System.nanoTime();
  }

  /** For a contender whose teardown outlasts its work: the measured time ends at {@code seconds}. */
  void stopClockAt(double seconds) {
    stoppedSeconds = seconds;
  }

  /** The measured seconds: up to {@link #stopClockAt} if it was called, else until now. */
  double measuredSeconds() {
    return stoppedSeconds >= 0 ? stoppedSeconds : secondsSinceStart();
  }

  /** For a contender that runs in another process: its own peak memory, instead of this JVM's. */
  void reportPeakMb(double mb) {
    externalPeakMb = mb;
  }

  /** The peak reported by {@link #reportPeakMb}, or {@code jvmPeakMb}. */
  double peakMb(double jvmPeakMb) {
    return externalPeakMb >= 0 ? externalPeakMb : jvmPeakMb;
  }

  /** Seconds since {@link #startClock()} (or since never, which the bench treats as a bug). */
  double secondsSinceStart() {
    if (startNanos == 0) {
      throw new IllegalStateException("contender never started the clock");
    }
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
