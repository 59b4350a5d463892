package org.datastreamio.flight;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.flight.OutboundStreamListener;

/**
 * Waits until a DoPut's channel takes another batch, parking between checks. Arrow Java's {@code
 * putNext} would otherwise spin on gRPC's {@code isReady} until the channel drains, burning a core
 * the receiving side may need; and a client cannot use gRPC's on-ready callback instead, because
 * Arrow's {@code startPut} starts the call before one could be registered.
 */
public final class PutReadiness {
  /** Short enough not to leave a loopback channel idle, long enough to leave the core to others. */
  private static final long PARK_NANOS = 100_000;

  /**
   * Something to check while waiting; it throws to give up (e.g. when the server already failed the
   * put).
   */
  @FunctionalInterface
  public interface Check {
    void run() throws IOException;
  }

  private PutReadiness() {}

  /**
   * Returns true once {@code put} is ready, false when it was not ready within {@code timeout}.
   * Runs {@code check} before every wait and once more when ready.
   */
  public static boolean await(OutboundStreamListener put, Duration timeout, Check check)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!put.isReady()) {
      check.run();
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(PARK_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting for a DoPut to take more data");
      }
    }
    check.run();
    return true;
  }
}
