package org.datastreamio.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's Unix socket file, owner-only whatever the umask: gRPC binds it in a fresh private
 * directory, the file is restricted to its owner, then renamed into place, so no moment exists in
 * which another local user could connect. A socket file nobody answers on (a dead server's) is
 * replaced; one that answers, or a file that is not a socket, is left alone and the start fails.
 */
final class UnixSocketFile {
  private final Path target;
  private final Path privateDir;

  private UnixSocketFile(Path target, Path privateDir) {
    this.target = target;
    this.privateDir = privateDir;
  }

  /** Checks {@code target}'s place and makes the private directory to bind in. */
  static UnixSocketFile prepare(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(
          "Cannot listen on "
              + abs
              + ": directory "
              + dir
              + " does not exist. Create it or choose"
              + " another socket path");
    }
    if (!Files.isWritable(dir)) {
      throw new IOException(
          "Cannot listen on "
              + abs
              + ": directory "
              + dir
              + " is not writable by this user. Choose"
              + " a socket path in a directory you own");
    }
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      replaceStale(abs);
    }
    Path privateDir =
        Files.createTempDirectory(
            dir,
            ".ds-serve",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return new UnixSocketFile(abs, privateDir);
  }

  /** Where gRPC binds: inside the private directory. */
  Path bindPath() {
    return privateDir.resolve("s");
  }

  /** After the bind: owner-only permissions, then the rename to the socket path clients use. */
  void publish() throws IOException {
    try {
      Files.setPosixFilePermissions(bindPath(), PosixFilePermissions.fromString("rw-------"));
      Files.move(bindPath(), target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      discard();
    }
  }

  /** Removes the private directory (and a socket file still in it). */
  void discard() throws IOException {
    Files.deleteIfExists(bindPath());
    Files.deleteIfExists(privateDir);
  }

  private static void replaceStale(Path target) throws IOException {
    BasicFileAttributes attrs =
        Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isOther()) {
      throw new IOException(
          "Cannot listen on "
              + target
              + ": it exists and is not a socket file; not replacing it."
              + " Remove it or choose another socket path");
    }
    boolean live;
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      live = probe.connect(UnixDomainSocketAddress.of(target));
    } catch (IOException e) {
      live = false; // refused: nobody listens, the file is a dead process's
    }
    if (live) {
      throw new IOException(
          "Cannot listen on "
              + target
              + ": another live process is listening on that socket file;"
              + " not taking it over. Stop that process or choose another socket path");
    }
    Files.deleteIfExists(target);
  }
}
