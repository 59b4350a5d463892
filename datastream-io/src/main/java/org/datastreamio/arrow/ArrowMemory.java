package org.datastreamio.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process-wide root allocator. Every owner (a DoFn instance, a server, a CLI command) takes its
 * own child with {@link #newChild} and closes it when done; closing a child with memory still
 * allocated fails, which is how leaks surface in tests.
 */
public final class ArrowMemory {
  private static final RootAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private ArrowMemory() {}

  public static BufferAllocator newChild(String name, long limitBytes) {
    return ROOT.newChildAllocator(name, 0, limitBytes);
  }

  public static BufferAllocator newChild(String name) {
    return newChild(name, Long.MAX_VALUE);
  }

  /** Bytes currently allocated by every child; tests assert it returns to where it was. */
  public static long allocatedBytes() {
    return ROOT.getAllocatedMemory();
  }

  /** A description of what is still allocated, for leak messages. */
  public static String describe() {
    return ROOT.toVerboseString();
  }
}
