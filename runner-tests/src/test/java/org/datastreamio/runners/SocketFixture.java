package org.datastreamio.runners;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Sockets hold no data: the read pipeline listens on a range of two loopback ports (one partition
 * each) while the write pipeline dials them, one connection per bundle. The read ends when no writer
 * has connected for {@link #IDLE}.
 */
final class SocketFixture implements RunnerFixture {
  /** Long enough for a runner to start the write pipeline after the read pipeline listens. */
  static final String IDLE = "15s";

  @Override
  public String transport() {
    return "socket";
  }

  @Override
  public Stream freshStream(String name) {
    int first = freePortPair();
    String ports = "socket://127.0.0.1:" + first + "-" + (first + 1);
    return new Stream(ports + "?retries=30", ports + "?idleTimeout=" + IDLE, true);
  }

  @Override
  public boolean splitsOnePart() {
    return false;
  }

  @Override
  public void close() {}

  /** Two adjacent free ports on 127.0.0.1 (free now; the read pipeline binds them shortly after). */
  private static int freePortPair() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket a = new ServerSocket(0, 1, loopback)) {
        int p = a.getLocalPort();
        if (p < 65535) {
          try (ServerSocket b = new ServerSocket(p + 1, 1, loopback)) {
            return p;
          } catch (IOException taken) {
            // try another pair
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot bind a loopback port for the socket fixture", e);
      }
    }
    throw new IllegalStateException("No two adjacent free loopback ports found in 50 attempts");
  }
}
