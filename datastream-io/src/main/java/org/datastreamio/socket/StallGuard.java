package org.datastreamio.socket;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose read or write blocks without progress for a timeout. Blocking channel
 * reads and writes have no timeout of their own, so without this a silent peer (or one that stopped
 * reading) would hang the bundle forever; closing the channel turns the hang into an error that
 * {@link #check} names. Time spent outside I/O (the pipeline computing the next batch) never
 * counts.
 */
final class StallGuard implements AutoCloseable {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "datastream-socket-stall-guard");
            t.setDaemon(true);
            return t;
          });

  private final Channel channel;
  private final long timeoutNanos;
  private final String what;
  private final ScheduledFuture<?> task;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean inIo;
  private volatile boolean fired;

  StallGuard(Channel channel, Duration timeout, String what) {
    this.channel = channel;
    this.timeoutNanos = timeout.toNanos();
    this.what = what;
    long period = Math.max(10, timeout.toMillis() / 4);
    this.task = TIMER.scheduleWithFixedDelay(this::checkNow, period, period, TimeUnit.MILLISECONDS);
  }

  /** A blocking read or write starts: from now on, time without progress counts. */
  void enter() {
    lastProgress = System.nanoTime();
    inIo = true;
  }

  /** The read or write returned (with bytes or not): the connection is not stalled. */
  void exit() {
    lastProgress = System.nanoTime();
    inIo = false;
  }

  boolean fired() {
    return fired;
  }

  /** Rethrows a failure as a timeout when this guard caused it by closing the channel. */
  IOException check(IOException failure) {
    if (!fired) {
      return failure;
    }
    SocketTimeoutException e =
        new SocketTimeoutException(
            what
                + " made no progress for "
                + timeoutNanos / 1_000_000
                + " ms (idleTimeout); the connection was closed."
                + " Raise the stream's idleTimeout parameter if the peer is slow but alive.");
    e.initCause(failure);
    return e;
  }

  private void checkNow() {
    if (!fired && inIo && System.nanoTime() - lastProgress > timeoutNanos) {
      fired = true;
      try {
        channel.close();
      } catch (IOException ignored) {
        // the blocked call fails with the close either way
      }
      task.cancel(false);
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
