package org.datastreamio.cli.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.datastreamio.server.DataStreamFlightServer;

/**
 * Where a DataStreamIO contender writes and reads: an embedded Flight server, a loopback socket, or
 * a directory of Arrow IPC files. A Flight or file stream is written, then read; a socket stream is
 * read while it is written (the reader listens first).
 */
enum BenchTransport {
  FLIGHT,
  SOCKET,
  FILE;

  /**
   * The open endpoint of one run; closing it stops the server or leaves the directory to the bench.
   */
  static final class Endpoint implements AutoCloseable {
    final String writeUri;
    final String readUri;
    private final AutoCloseable resource;

    /**
     * The loopback port a concurrent reader listens on; 0 for a stream that is written, then read.
     */
    private final int listeningPort;

    Endpoint(String writeUri, String readUri, AutoCloseable resource) {
      this(writeUri, readUri, resource, 0);
    }

    Endpoint(String writeUri, String readUri, AutoCloseable resource, int listeningPort) {
      this.writeUri = writeUri;
      this.readUri = readUri;
      this.resource = resource;
      this.listeningPort = listeningPort;
    }

    /**
     * Waits until the concurrent reader listens, so the writer's first connection succeeds instead
     * of backing off (up to seconds) while the read pipeline starts: the time would be the
     * backoff's.
     */
    void awaitReader(CompletableFuture<?> reading) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (listeningPort != 0) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), listeningPort)) {
          return; // a connection that sends nothing is a probe to the listener, not a stream
        } catch (ConnectException notYet) {
          if (reading.isDone()) {
            reading.get(); // throws the read's failure, if it failed
            throw new IllegalStateException("The read of " + readUri + " ended before it listened");
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "The read pipeline did not listen on " + readUri + " within 2 minutes");
          }
          Thread.sleep(10);
        }
      }
    }

    @Override
    public void close() throws Exception {
      if (resource != null) {
        resource.close();
      }
    }
  }

  boolean concurrent() {
    return this == SOCKET;
  }

  Endpoint open(BenchRun run, String name) throws Exception {
    String batch = "batchRows=" + run.data.batchRows;
    switch (this) {
      case FLIGHT:
        {
          DataStreamFlightServer server =
              DataStreamFlightServer.builder().host("127.0.0.1").port(0).start();
          String uri = server.uri(name) + "?" + batch;
          return new Endpoint(uri, uri, server);
        }
      case SOCKET:
        {
          int port = freePort();
          String base = "socket://127.0.0.1:" + port;
          // The read ends when the write's end-of-write marker arrives; the idle timeout is only
          // the fallback, long enough for a slow runner to start the write pipeline.
          return new Endpoint(base + "?retries=20&" + batch, base + "?idleTimeout=60s", null, port);
        }
      case FILE:
        {
          Path dir = Files.createDirectories(run.workDir.resolve(name));
          String uri = dir.toUri().toString().replaceFirst("^file:/+", "file:///") + "?" + batch;
          return new Endpoint(uri, uri, null);
        }
      default:
        throw new AssertionError(this);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
