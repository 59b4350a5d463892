package org.datastreamio.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datastreamio.server.DataStreamFlightServer;

/**
 * Where a DataStreamIO contender writes and reads: an embedded Flight server, a loopback socket, or a
 * directory of Arrow IPC files. A Flight or file stream is written, then read; a socket stream is
 * read while it is written (the reader listens first).
 */
enum BenchTransport {
  FLIGHT, SOCKET, FILE;

  /** The open endpoint of one run; closing it stops the server or leaves the directory to the bench. */
  static final class Endpoint implements AutoCloseable {
    final String writeUri;
    final String readUri;
    private final AutoCloseable resource;

    Endpoint(String writeUri, String readUri, AutoCloseable resource) {
      this.writeUri = writeUri;
      this.readUri = readUri;
      this.resource = resource;
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
      case FLIGHT: {
        DataStreamFlightServer server = DataStreamFlightServer.builder().host("127.0.0.1").port(0).start();
        String uri = server.uri(name) + "?" + batch;
        return new Endpoint(uri, uri, server);
      }
      case SOCKET: {
        int port = freePort();
        String base = "socket://127.0.0.1:" + port;
        return new Endpoint(base + "?retries=20&" + batch, base + "?idleTimeout=3s", null);
      }
      case FILE: {
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
