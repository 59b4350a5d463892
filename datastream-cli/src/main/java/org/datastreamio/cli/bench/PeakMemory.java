package org.datastreamio.cli.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.datastreamio.arrow.ArrowMemory;

/**
 * Samples this process's memory while a contender runs: JVM heap in use plus Arrow's off-heap
 * allocations plus NIO direct buffers, every 5 ms. The peak includes the dataset the bench holds
 * (the same for every contender) and garbage not yet collected, so compare contenders, not
 * absolutes.
 */
final class PeakMemory implements AutoCloseable {
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peak;
  private final long arrowAtStart;
  private volatile long arrowPeak;

  PeakMemory() {
    sampler = new Thread(this::sample, "bench-memory-sampler");
    sampler.setDaemon(true);
    peak = now();
    arrowAtStart = ArrowMemory.allocatedBytes();
    arrowPeak = arrowAtStart;
    sampler.start();
  }

  static long now() {
    Runtime rt = Runtime.getRuntime();
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      direct += Math.max(0, pool.getMemoryUsed());
    }
    return rt.totalMemory() - rt.freeMemory() + ArrowMemory.allocatedBytes() + direct;
  }

  private void sample() {
    while (running) {
      peak = Math.max(peak, now());
      arrowPeak = Math.max(arrowPeak, ArrowMemory.allocatedBytes());
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  double peakMb() {
    return Math.max(peak, now()) / 1e6;
  }

  /**
   * Peak Arrow memory the run allocated on top of what was allocated when it started (the dataset):
   * the batches in flight in writers, readers and (Flight) the embedded server's store. Exact, as
   * Arrow counts it, and free of heap garbage.
   */
  double arrowPeakMb() {
    return Math.max(0, Math.max(arrowPeak, ArrowMemory.allocatedBytes()) - arrowAtStart) / 1e6;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join();
  }
}
