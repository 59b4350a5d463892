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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket on one endpoint. For Unix domain sockets it owns the socket file: created with
 * owner-only permissions, a stale file left by a dead process is replaced, a live listener's file
 * is never taken over, and the file is removed on close.
 */
final class Listener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
  private static final int BACKLOG = 64;

  private final Endpoint endpoint;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Object socketFileKey;
  private final SocketFileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Listener(
      Endpoint endpoint, ServerSocketChannel server, Object socketFileKey, SocketFileLock lock)
      throws IOException {
    this.endpoint = endpoint;
    this.server = server;
    this.socketFileKey = socketFileKey;
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
      if (socketFileKey != null) {
        removeOwnSocketFile();
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

  /** "/.ds" + up to 20 digits of Files.createTempDirectory + "/s". */
  private static final int STAGING_SUFFIX_BYTES = 26;

  private static Listener bindUnix(Endpoint endpoint) throws IOException {
    Path target = endpoint.unixPath().toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(
          "Cannot listen on "
              + endpoint
              + ": directory "
              + dir
              + " does not exist. Create it or choose another socket path.");
    }
    if (!Files.isWritable(dir)) {
      throw new IOException(
          "Cannot listen on "
              + endpoint
              + ": directory "
              + dir
              + " is not writable by this user (the socket file and"
              + " its lock file are created there). Choose a directory you can write, e.g. $XDG_RUNTIME_DIR or /tmp.");
    }
    // The socket is bound in a private directory beside it first (see bindUnixLocked), whose path
    // is longer.
    int stagedBytes =
        dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            + STAGING_SUFFIX_BYTES;
    if (stagedBytes > Endpoint.MAX_UNIX_PATH_BYTES) {
      throw new IOException(
          "Cannot listen on "
              + endpoint
              + ": its directory "
              + dir
              + " is too long for a Unix socket path (a listener needs"
              + " the directory to be at most "
              + (Endpoint.MAX_UNIX_PATH_BYTES - STAGING_SUFFIX_BYTES)
              + " bytes). Choose a shorter path.");
    }
    SocketFileLock lock = SocketFileLock.acquire(endpoint, target);
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        replaceStale(endpoint, target);
      }
      return bindUnixLocked(endpoint, target, lock);
    } catch (IOException | RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  private static Listener bindUnixLocked(Endpoint endpoint, Path target, SocketFileLock lock)
      throws IOException {
    Path dir = target.getParent();
    // Bind in a private directory, restrict the file, then rename it into place: no moment exists
    // in
    // which another user could connect through default (umask) permissions.
    Path privateDir =
        Files.createTempDirectory(
            dir,
            ".ds",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path staged = privateDir.resolve("s");
    ServerSocketChannel server = ServerSocketChannel.open(endpoint.family());
    try {
      server.bind(UnixDomainSocketAddress.of(staged), BACKLOG);
      Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      Object key =
          Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      return new Listener(endpoint, server, Objects.requireNonNull(key, "file key"), lock);
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(staged);
      throw new IOException("Cannot listen on " + endpoint + ": " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(privateDir);
    }
  }

  /**
   * A socket file nobody answers on is left over from a dead process; one that answers is in use
   * (by a listener outside DataStream IO: ours hold the lock, so they are never probed).
   */
  private static void replaceStale(Endpoint endpoint, Path target) throws IOException {
    BasicFileAttributes attrs =
        Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isOther()) {
      throw new IOException(
          "Cannot listen on "
              + endpoint
              + ": "
              + target
              + " exists and is not a socket file; not replacing it. Remove it or choose another socket path.");
    }
    try (SocketChannel probe = SocketChannel.open(endpoint.family())) {
      probe.connect(endpoint.address());
      throw new BindException(
          "Cannot listen on "
              + endpoint
              + ": another live process is listening on that socket file;"
              + " not taking it over. Stop that process or choose another socket path.");
    } catch (BindException e) {
      throw e;
    } catch (IOException refused) {
      LOG.info(
          "Replacing stale Unix socket file {} (nothing listens on it: {})",
          target,
          refused.getMessage());
      Files.deleteIfExists(target);
    }
  }

  /** Removes the socket file only if it is still the one this listener created. */
  private void removeOwnSocketFile() {
    Path target = endpoint.unixPath().toAbsolutePath();
    try {
      Object key =
          Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      if (socketFileKey.equals(key)) {
        Files.delete(target);
      }
    } catch (IOException e) {
      LOG.debug("Socket file {} already gone: {}", target, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "listener on " + endpoint;
  }
}
