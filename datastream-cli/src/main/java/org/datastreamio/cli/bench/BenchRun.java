package org.datastreamio.cli.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.datastreamio.cli.RunnerOptions;

/** What one contender run gets: the dataset, a scratch directory, the runner, and the clock. */
final class BenchRun {
  final BenchData data;
  final Path workDir;
  final RunnerOptions runner;
  private long startNanos;
  private long startCpuNanos;
  private long startGcMillis;
  private double stoppedSeconds = -1;
  private double stoppedCpuSeconds = -1;
  private double stoppedGcSeconds = -1;
  private double externalPeakMb = -1;
  private double externalCpuSeconds = -1;

  BenchRun(BenchData data, Path workDir, RunnerOptions runner) {
    this.data = data;
    this.workDir = workDir;
    this.runner = runner;
  }

  /** Marks the end of setup: the measured time starts here. */
  void startClock() {
    startCpuNanos = processCpuNanos();
    startGcMillis = gcMillis();
    startNanos = System.nanoTime();
  }

  /** For a contender whose teardown outlasts its work: the measured time (and CPU time) end now. */
  void stopClock() {
    stoppedSeconds = secondsSinceStart();
    stoppedCpuSeconds = (processCpuNanos() - startCpuNanos) / 1e9;
    stoppedGcSeconds = (gcMillis() - startGcMillis) / 1e3;
  }

  /** For a contender that times itself (in another process): its measured seconds. */
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

  /** For a contender that runs in another process: its own CPU seconds, instead of this JVM's. */
  void reportCpuSeconds(double seconds) {
    externalCpuSeconds = seconds;
  }

  /**
   * CPU seconds this JVM (every thread: runner, clients, embedded servers) or the reporting process
   * used in the measured time. Unlike the elapsed time it does not grow when other processes take
   * the machine's cores, so it compares the work contenders do on a shared machine.
   */
  double measuredCpuSeconds() {
    if (externalCpuSeconds >= 0) {
      return externalCpuSeconds;
    }
    return stoppedCpuSeconds >= 0 ? stoppedCpuSeconds : (processCpuNanos() - startCpuNanos) / 1e9;
  }

  /**
   * Seconds this JVM's garbage collectors report for the measured time (for G1 and the parallel
   * collector, their pauses, when every thread stands still), or NaN for a contender that runs in
   * another process. On the Direct runner the floor's own rows fill the heap: this is how much of a
   * contender's seconds, and of its floor's, went into collecting them.
   */
  double measuredGcSeconds() {
    if (externalCpuSeconds >= 0) {
      return Double.NaN;
    }
    return stoppedGcSeconds >= 0 ? stoppedGcSeconds : (gcMillis() - startGcMillis) / 1e3;
  }

  private static long gcMillis() {
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      millis += Math.max(0, gc.getCollectionTime()); // -1 when a collector does not say
    }
    return millis;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
