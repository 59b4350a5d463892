package org.datastreamio.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A socket peer on a free loopback port that serves the same bytes to every connection, then closes
 * its side (or, stalling, sends nothing more and waits for the reader to give up). Closing it stops
 * its thread and every connection.
 */
final class SocketPeer implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Thread thread;
  private volatile SocketChannel current;

  SocketPeer(byte[] bytes, boolean stall) throws IOException {
    server =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(() -> serve(bytes, stall), "socket-peer");
    thread.setDaemon(true);
    thread.start();
  }

  /** host:port, for a socket:// URI. */
  String address() throws IOException {
    InetSocketAddress a = (InetSocketAddress) server.getLocalAddress();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private void serve(byte[] bytes, boolean stall) {
    try {
      while (true) {
        try (SocketChannel c = server.accept()) {
          current = c;
          ByteBuffer out = ByteBuffer.wrap(bytes);
          while (out.hasRemaining()) {
            c.write(out);
          }
          if (!stall) {
            c.shutdownOutput();
          }
          ByteBuffer sink = ByteBuffer.allocate(4096);
          while (c.read(sink) >= 0) { // until the reader closes
            sink.clear();
          }
        } catch (IOException readerWentAway) {
          if (readerWentAway instanceof ClosedChannelException) {
            return;
          }
        }
      }
    } finally {
      current = null;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    SocketChannel c = current;
    if (c != null) {
      c.close();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      throw new IllegalStateException("the socket peer's thread did not stop");
    }
  }
}
