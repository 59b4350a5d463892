package org.datastreamio.flight;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy whose open connections can be cut at once, as a network failure would, or
 * closed the way a gRPC peer closes a connection after a protocol error: a GOAWAY frame, then the
 * end of the connection.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Connection> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "cuttable-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Closes every open connection; new ones are still accepted. */
  void cut() {
    for (Connection c : open) {
      c.closeAll();
    }
    open.clear();
  }

  /**
   * Sends the client, between two of the server's frames, an HTTP/2 GOAWAY with PROTOCOL_ERROR that
   * keeps every stream it opened (last stream id 2^31-1), then ends each connection: gRPC fails the
   * calls still open on it with INTERNAL "Connection closed after GOAWAY", as when a server's reset
   * of an over-cap DoPut takes the connection with it.
   */
  void goAwayAndCut() {
    byte[] debug = "proxy: goaway".getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(9 + 8 + debug.length);
    int length = 8 + debug.length;
    frame.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    frame.put((byte) 0x7).put((byte) 0).putInt(0); // type GOAWAY, no flags, stream 0
    frame.putInt(Integer.MAX_VALUE).putInt(0x1).put(debug); // last stream id, PROTOCOL_ERROR
    for (Connection c : open) {
      synchronized (c) {
        c.goneAway = true;
        try {
          c.toClient.write(frame.array());
          c.toClient.flush();
          c.client.shutdownOutput(); // the GOAWAY, then the end of the stream (not a reset)
        } catch (IOException e) {
          // already closed
        }
      }
      try {
        c.server.close();
      } catch (IOException e) {
        // already closed
      }
    }
    // The client sockets stay open until the client closes its end (or close()): closing them here
    // could reset the connection before the client has read the GOAWAY.
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        accepted.incrementAndGet();
        Connection c = new Connection(client, server);
        open.add(c);
        start(() -> c.pump(client, server));
        start(c::pumpFrames);
      } catch (IOException e) {
        // listener closed, or the target refused: the client sees its connection fail
      }
    }
  }

  private static void start(Runnable r) {
    Thread t = new Thread(r, "cuttable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** One proxied connection. */
  private static final class Connection {
    final Socket client;
    final Socket server;
    final OutputStream toClient;
    volatile boolean goneAway;

    Connection(Socket client, Socket server) throws IOException {
      this.client = client;
      this.server = server;
      this.toClient = client.getOutputStream();
    }

    /** Client to server: bytes as they come. */
    void pump(Socket from, Socket to) {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!goneAway) {
            try {
              out.write(buffer, 0, n);
            } catch (IOException e) {
              if (!goneAway) {
                throw e;
              }
            }
          }
        }
      } catch (IOException e) {
        // cut or closed
      } finally {
        closeAll(); // the client ended its side (or the connection was cut)
      }
    }

    /** Server to client: whole HTTP/2 frames (the server sends no preface), so a GOAWAY fits in. */
    void pumpFrames() {
      try (DataInputStream in = new DataInputStream(server.getInputStream())) {
        byte[] header = new byte[9];
        while (true) {
          in.readFully(header);
          int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
          byte[] payload = new byte[length];
          in.readFully(payload);
          synchronized (this) {
            if (goneAway) {
              return;
            }
            toClient.write(header);
            toClient.write(payload);
          }
        }
      } catch (IOException e) {
        // cut, closed, or the end of the server's stream
      } finally {
        close();
      }
    }

    /** After a GOAWAY, the client socket is left for the client to end (see goAwayAndCut). */
    void close() {
      if (goneAway) {
        try {
          server.close();
        } catch (IOException e) {
          // already closed
        }
        return;
      }
      closeAll();
    }

    void closeAll() {
      try {
        client.close();
      } catch (IOException e) {
        // already closed
      }
      try {
        server.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
  }
}
