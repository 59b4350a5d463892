package org.datastreamio.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What this JVM can give the store: Arrow's buffers are direct memory, bounded by {@code
 * -XX:MaxDirectMemorySize} (by default the heap size). A memory limit above it would let the JVM
 * fail with an {@link OutOfMemoryError} in the middle of a call, which clients see as a reset
 * connection instead of {@code RESOURCE_EXHAUSTED}; part of it is kept for batches in transit.
 */
final class DirectMemory {
  private DirectMemory() {}

  /** The JVM's direct memory ceiling in bytes. */
  static long max() {
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long configured = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
      if (configured > 0) {
        return configured;
      }
    } catch (RuntimeException e) {
      // not HotSpot: fall back to the default rule below
    }
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * The most the store may hold: the ceiling less a quarter (at least 64 MiB) for data in transit.
   */
  static long storeAllowance(long max) {
    return Math.max(0, max - Math.max(64L << 20, max / 4));
  }

  /** Refuses a limit the JVM cannot give, saying what it can and how to give it more. */
  static void check(long limit) {
    long max = max();
    long allowed = storeAllowance(max);
    if (limit > allowed) {
      throw new IllegalArgumentException(
          "A memory limit of "
              + mib(limit)
              + " is more than this JVM can give to stored"
              + " data: its direct memory is at most "
              + mib(max)
              + " (-XX:MaxDirectMemorySize, by default the heap size"
              + " -Xmx), and the server keeps a quarter of it for batches in transit. Give a memory limit of at most "
              + mib(allowed)
              + ", or start the JVM with more direct memory (datastream: DATASTREAM_JAVA_OPTS=\"-Xmx4g"
              + " -XX:MaxDirectMemorySize="
              + Math.max(1, (limit * 4 / 3 + (1L << 30) - 1) >> 30)
              + "g\")");
    }
  }

  static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
