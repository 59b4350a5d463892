package org.datastreamio.spi;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal, not API (public only because the server and the socket transport share it): the one
 * place that makes directories ({@code rwx------}), files ({@code rw-------}) and Unix socket files
 * ({@code rw-------}) only their owner can use, whatever the umask. Directories that already exist
 * keep their permissions. Without POSIX permissions (Windows) the file system's defaults apply.
 */
public final class OwnerOnly {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /**
   * The longest Unix socket path the JDK binds or connects to: Linux's sun_path holds 108 bytes,
   * and the JDK refuses a path of 107 ("Unix domain path too long").
   */
  public static final int MAX_UNIX_PATH_BYTES = 106;

  private OwnerOnly() {}

  /** Creates the directory and its missing parents, each new one owner-only. */
  public static Path directories(Path dir) throws IOException {
    return Files.createDirectories(dir, permissions("rwx------"));
  }

  /** Opens a file, created owner-only if new. */
  public static FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
    return FileChannel.open(file, options, permissions("rw-------"));
  }

  private static FileAttribute<?>[] permissions(String posix) {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posix))
        }
        : new FileAttribute<?>[0];
  }

  /**
   * A Unix socket file published owner-only: the socket is bound in a fresh private directory
   * beside its path ({@link #stage}, then the caller binds at {@link #bindPath}), restricted, then
   * renamed into place ({@link #publish}), so no moment exists in which another local user could
   * connect. A socket file nobody answers on (a dead process's) is replaced; one that answers, or a
   * file that is not a socket, is left alone and the start fails.
   */
  public static final class SocketFile {
    /** "/.ds" + up to 20 digits of Files.createTempDirectory + "/s". */
    private static final int STAGING_SUFFIX_BYTES = 26;

    private final Path target;
    private final String name;
    private Path privateDir;
    private Object publishedKey;

    private SocketFile(Path target, String name) {
      this.target = target;
      this.name = name;
    }

    /**
     * Checks that a socket can be bound at {@code path} (its directory exists, is writable and is
     * short enough for the bind path); {@code name} is what error messages call the listener.
     */
    public static SocketFile at(Path path, String name) throws IOException {
      Path target = path.toAbsolutePath();
      Path dir = target.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new IOException(
            "Cannot listen on "
                + name
                + ": directory "
                + dir
                + " does not exist. Create it or choose another socket path.");
      }
      if (!Files.isWritable(dir)) {
        throw new IOException(
            "Cannot listen on "
                + name
                + ": directory "
                + dir
                + " is not writable by this user (the socket file is created there)."
                + " Choose a directory you can write, e.g. $XDG_RUNTIME_DIR or /tmp.");
      }
      // The socket is bound in the private directory first, whose path is longer.
      int stagedBytes =
          dir.toString().getBytes(StandardCharsets.UTF_8).length + STAGING_SUFFIX_BYTES;
      if (stagedBytes > MAX_UNIX_PATH_BYTES) {
        throw new IOException(
            "Cannot listen on "
                + name
                + ": its directory "
                + dir
                + " is too long for a Unix socket path (a listener needs the directory to be at"
                + " most "
                + (MAX_UNIX_PATH_BYTES - STAGING_SUFFIX_BYTES)
                + " bytes). Choose a shorter path.");
      }
      return new SocketFile(target, name);
    }

    /** The absolute path clients connect to. */
    public Path path() {
      return target;
    }

    /**
     * Replaces a dead process's socket file at the path and makes the private directory to bind in.
     * A live socket fails with a {@link BindException}, a file that is not a socket with an {@link
     * IOException}, both naming it.
     */
    public void stage() throws IOException {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        replaceStale();
      }
      privateDir = Files.createTempDirectory(target.getParent(), ".ds", permissions("rwx------"));
    }

    /** Where to bind: inside the private directory. */
    public Path bindPath() {
      if (privateDir == null) {
        throw new IllegalStateException("stage() the socket file before binding it");
      }
      return privateDir.resolve("s");
    }

    /** After the bind: owner-only permissions, then the rename to the path clients use. */
    public void publish() throws IOException {
      Path staged = bindPath();
      try {
        if (POSIX) {
          Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        publishedKey = key(target);
      } finally {
        Files.deleteIfExists(staged);
        Files.deleteIfExists(privateDir);
      }
    }

    /**
     * Removes the private directory (and a socket file still in it) and the published socket file
     * if it is still the one {@link #publish} put there. Safe to call on every path, more than
     * once.
     */
    public void remove() {
      try {
        if (privateDir != null) {
          Files.deleteIfExists(privateDir.resolve("s"));
          Files.deleteIfExists(privateDir);
        }
        if (publishedKey != null && publishedKey.equals(key(target))) {
          Files.delete(target);
        }
      } catch (IOException e) {
        LOG.debug("Socket file {} already gone: {}", target, e.getMessage());
      }
    }

    private static Object key(Path file) throws IOException {
      Object key =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      // Without a file key (not on Linux) any file is taken as ours, as a plain delete would.
      return key != null ? key : file;
    }

    private void replaceStale() throws IOException {
      BasicFileAttributes attrs =
          Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isOther()) {
        throw new IOException(
            "Cannot listen on "
                + name
                + ": "
                + target
                + " exists and is not a socket file; not replacing it."
                + " Remove it or choose another socket path.");
      }
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(target));
        throw new BindException(
            "Cannot listen on "
                + name
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

    @Override
    public String toString() {
      return "socket file " + target;
    }
  }
}
