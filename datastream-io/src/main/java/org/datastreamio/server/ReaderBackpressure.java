package org.datastreamio.server;

import io.grpc.Context;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Waits until a DoGet's reader can take another batch, so nothing piles up for a slow reader. It
 * polls rather than waiting for gRPC's on-ready callback: that callback runs on the call's own
 * serializing executor, which is the thread blocked here, so it would only arrive after the DoGet
 * returned. Cancellation is read from the call's gRPC context, which is cancelled from outside that
 * executor; and the server's own shutdown is read from a flag, because a reader that holds its
 * DoGet open without reading is not always cancelled by gRPC's forced shutdown, and would keep its
 * part alive.
 */
final class ReaderBackpressure {
  enum Outcome {
    READY,
    CANCELLED,
    STALLED,
    SHUTDOWN
  }

  private static final long FIRST_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ServerStreamListener listener;
  private final Context call = Context.current();
  private final long stallNanos;
  private final BooleanSupplier shuttingDown;

  ReaderBackpressure(
      ServerStreamListener listener, long stallMillis, BooleanSupplier shuttingDown) {
    this.listener = listener;
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    this.shuttingDown = shuttingDown;
  }

  Outcome await() {
    long deadline = System.nanoTime() + stallNanos;
    // Grows by a quarter each time: a reader that is slow for long costs few wake-ups, and a batch
    // that
    // drains in a millisecond or two is noticed at most a quarter of its wait late (doubling: up to
    // twice).
    long poll = FIRST_POLL_NANOS;
    while (true) {
      if (call.isCancelled() || listener.isCancelled()) {
        return Outcome.CANCELLED;
      }
      if (shuttingDown.getAsBoolean()) {
        return Outcome.SHUTDOWN;
      }
      if (listener.isReady()) {
        return Outcome.READY;
      }
      if (System.nanoTime() > deadline) {
        return Outcome.STALLED;
      }
      LockSupport.parkNanos(poll);
      poll = Math.min(MAX_POLL_NANOS, poll + poll / 4);
      if (Thread.currentThread().isInterrupted()) {
        return Outcome.CANCELLED;
      }
    }
  }
}
