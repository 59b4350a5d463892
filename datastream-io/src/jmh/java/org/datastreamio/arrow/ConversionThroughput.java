package org.datastreamio.arrow;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JMH benchmark's two conversions timed by process CPU time as well as wall time: on a shared,
 * overloaded machine wall-clock scores understate what one core does, CPU time (which includes GC
 * and JIT threads, so it is conservative) does not. Run like the benchmark, with this class as
 * main.
 */
public final class ConversionThroughput {
  private static long sink;

  public static void main(String[] args) {
    ArrowConversionBenchmark b = new ArrowConversionBenchmark();
    b.setUp();
    try {
      for (int round = 0; round < 2; round++) {
        measure("warm-up rowsToArrow", 1500, () -> sink += b.rowsToArrow().getRowCount());
        measure(
            "warm-up arrowToRows",
            1500,
            () -> b.convertForThroughput(r -> sink += r.getFieldCount()));
      }
      measure("rowsToArrow", 3000, () -> sink += b.rowsToArrow().getRowCount());
      measure("arrowToRows", 3000, () -> b.convertForThroughput(r -> sink += r.getFieldCount()));
    } finally {
      b.tearDown();
    }
    System.out.println("(sink " + sink + ")");
  }

  private static void measure(String name, int batches, Runnable batch) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    for (int i = 0; i < batches; i++) {
      batch.run();
    }
    long cpu = os.getProcessCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    long rows = (long) batches * ArrowConversionBenchmark.BATCH;
    System.out.printf(
        "%-22s %,12.0f rows/s per CPU-second  %,12.0f rows/s wall%n",
        name, rows * 1e9 / cpu, rows * 1e9 / wall);
  }
}
