package org.datastreamio.runners;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.datastreamio.testing.LoopbackPorts;

/**
 * Sockets hold no data: the read pipeline listens on one loopback port while the write pipeline
 * dials it, one connection per bundle. The read ends when no writer has connected for {@link
 * #IDLE}.
 *
 * <p>One port, not a range: a port range is one partition per port, and a runner may read two of
 * them one after the other in one task (Spark's random redistribution does), so writers that pick
 * the second port wait for a listener that only comes when the first has idled out.
 */
public final class SocketFixture implements RunnerFixture {
  /** Long enough for a runner to start the write pipeline after the read pipeline listens. */
  static final String IDLE = "30s";

  @Override
  public String transport() {
    return "socket";
  }

  @Override
  public Stream freshStream(String name) {
    String port = "socket://127.0.0.1:" + LoopbackPorts.next();
    return new Stream(port + "?retries=30", port + "?idleTimeout=" + IDLE, true);
  }

  @Override
  public boolean splitsOnePart() {
    return false;
  }

  @Override
  public void close() {}

  /**
   * Waits until the read pipeline listens on {@code uri}'s port: a connection that sends nothing,
   * which the listening read ignores as a probe. Fails if the read ends first or takes minutes.
   */
  public static void awaitListening(String uri, CompletableFuture<?> reading) throws Exception {
    URI parsed = URI.create(uri);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      try (Socket probe = new Socket(parsed.getHost(), parsed.getPort())) {
        return;
      } catch (ConnectException notYet) {
        if (reading.isDone()) {
          reading.get(); // its failure, if it failed
          throw new AssertionError("The read of " + uri + " ended before it listened");
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "The read pipeline did not listen on " + uri + " within 2 minutes", notYet);
        }
        Thread.sleep(100);
      }
    }
  }
}
