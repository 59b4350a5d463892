package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.server.DataStreamFlightServer;

/**
 * An allocator without a limit that a server under test takes its store and transport allocators
 * from. The store allocator's own peak can never exceed its limit (Arrow refuses the allocation),
 * so asserting it against the cap proves nothing; this one's peak is everything the server held,
 * stored batches and batches in transit alike, and exceeds the cap when the server keeps data
 * anywhere the cap does not apply. Close it after the server.
 */
public final class ServerMemory implements AutoCloseable {
  private final BufferAllocator parent = ArrowMemory.newChild("server-under-test");

  /** The builder, set to take the server's allocators from this one. */
  public DataStreamFlightServer.Builder measure(DataStreamFlightServer.Builder builder) {
    return builder.parentAllocator(parent);
  }

  /**
   * The most Arrow memory one DoPut holds outside the store: up to five batches that Flight's
   * server-side stream has requested ahead of the reader (its pending target), the batch it has
   * just taken from that queue and is loading, and the previous batch still in its root. Arrow
   * 18.3's {@code FlightStream.next()} requests the next message before it clears the root, so for
   * a moment all seven are held.
   */
  public static long inTransitPerPut(long batchBytes) {
    return 7 * batchBytes;
  }

  /** The most Arrow memory the server held at once. */
  public long peakBytes() {
    return parent.getPeakMemoryAllocation();
  }

  /**
   * Asserts the server never held more than {@code cap} stored bytes plus {@code inTransit}, the
   * most its running calls may hold (batches being received or sent, outside the cap).
   */
  public void assertPeakWithin(long cap, long inTransit) {
    long peak = peakBytes();
    assertTrue(
        peak <= cap + inTransit,
        "the server held "
            + peak
            + " bytes at its peak: more than the cap of "
            + cap
            + " plus "
            + inTransit
            + " for batches in transit ("
            + childPeaks()
            + ")");
  }

  /** Each of the server's allocators with its own peak, for failure messages. */
  public String childPeaks() {
    StringBuilder out = new StringBuilder();
    for (BufferAllocator child : parent.getChildAllocators()) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(child.getName())
          .append(" peaked at ")
          .append(child.getPeakMemoryAllocation());
    }
    return out.toString();
  }

  @Override
  public void close() {
    parent.close();
  }
}
