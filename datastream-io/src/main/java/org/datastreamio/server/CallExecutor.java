package org.datastreamio.server;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run the server's Flight calls, owned by the server rather than by Arrow's
 * FlightServer.
 *
 * <p>Arrow's own executor is shut down the moment the server is asked to stop, while calls are
 * still ending: gRPC then hands it the close of a call whose reader went away, which it rejects,
 * and Netty logs the rejection with a stack trace. This one is shut down after the server has
 * closed, and quietly drops what arrives after that: a call that ends after close has nothing left
 * to run.
 */
final class CallExecutor extends ThreadPoolExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallExecutor.class);
  private static final AtomicInteger SERVERS = new AtomicInteger();

  CallExecutor() {
    super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
    int server = SERVERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    setThreadFactory(
        r -> {
          Thread t =
              new Thread(r, "datastream-flight-call-" + server + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    setRejectedExecutionHandler(
        (task, executor) -> {
          if (!executor.isShutdown()) {
            throw new RejectedExecutionException("Flight call executor cannot take " + task);
          }
          LOG.debug("Dropped {}: the server has closed", task);
        });
  }

  /** Lets running tasks end for a few seconds, then interrupts them. */
  @Override
  public void close() {
    shutdown();
    try {
      if (!awaitTermination(5, TimeUnit.SECONDS)) {
        shutdownNow();
      }
    } catch (InterruptedException e) {
      shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
