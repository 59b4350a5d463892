package org.datastreamio.socket;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datastreamio.spi.OwnerOnly;

/**
 * A listening socket on one endpoint. For Unix domain sockets it owns the socket file: created with
 * owner-only permissions, a stale file left by a dead process is replaced, a live listener's file
 * is never taken over, and the file is removed on close.
 */
final class Listener implements AutoCloseable {
  private static final int BACKLOG = 64;

  private final Endpoint endpoint;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final OwnerOnly.SocketFile socketFile;
  private final SocketFileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Listener(
      Endpoint endpoint,
      ServerSocketChannel server,
      OwnerOnly.SocketFile socketFile,
      SocketFileLock lock)
      throws IOException {
    this.endpoint = endpoint;
    this.server = server;
    this.socketFile = socketFile;
    this.lock = lock;
    server.configureBlocking(false);
    this.selector = Selector.open();
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  /** Binds the endpoint; a TCP address in use fails with a {@link BindException} naming it. */
  static Listener bind(Endpoint endpoint) throws IOException {
    return endpoint.isUnix() ? bindUnix(endpoint) : bindTcp(endpoint);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Waits up to {@code timeout} for a connection; null when none came or the listener was closed.
   */
  SocketChannel accept(Duration timeout) throws IOException {
    try {
      if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
        return null;
      }
      selector.selectedKeys().clear();
      SocketChannel channel = server.accept();
      if (channel != null) {
        channel.configureBlocking(true);
      }
      return channel;
    } catch (ClosedSelectorException e) {
      return null;
    }
  }

  /** Makes a waiting {@link #accept} return now (with null). */
  void wakeup() {
    if (selector.isOpen()) {
      selector.wakeup();
    }
  }

  boolean isOpen() {
    return server.isOpen();
  }

  /** Closes once: a second close must not delete a lock file that another listener has taken. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      selector.close();
    } finally {
      server.close();
      if (socketFile != null) {
        socketFile.remove();
      }
      if (lock != null) {
        lock.release();
      }
    }
  }

  private static Listener bindTcp(Endpoint endpoint) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(endpoint.address(), BACKLOG);
      return new Listener(endpoint, server, null, null);
    } catch (BindException e) {
      server.close();
      BindException b =
          new BindException(
              "Cannot listen on "
                  + endpoint
                  + ": "
                  + e.getMessage()
                  + ". Another listener (or a pipeline still running) holds that port: stop it or choose another port.");
      b.initCause(e);
      throw b;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static Listener bindUnix(Endpoint endpoint) throws IOException {
    OwnerOnly.SocketFile socket = OwnerOnly.SocketFile.at(endpoint.unixPath(), endpoint.toString());
    // Locked before the socket file is probed: a probe would look like a consumer to a DataStream
    // listener, which holds the lock.
    SocketFileLock lock = SocketFileLock.acquire(endpoint, socket.path());
    ServerSocketChannel server = null;
    try {
      socket.stage();
      server = ServerSocketChannel.open(endpoint.family());
      try {
        server.bind(UnixDomainSocketAddress.of(socket.bindPath()), BACKLOG);
        socket.publish();
      } catch (IOException | RuntimeException e) {
        throw new IOException("Cannot listen on " + endpoint + ": " + e.getMessage(), e);
      }
      return new Listener(endpoint, server, socket, lock);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      socket.remove();
      lock.release();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "listener on " + endpoint;
  }
}
