package org.datastreamio.socket;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.datastreamio.spi.OwnerOnly;

/**
 * A lock file beside a Unix socket file ({@code <socket>.lock}), held while a DataStream listener
 * owns the socket. The operating system drops the lock when the process dies, so a held lock means
 * a live owner, and a second listener fails at once instead of probing the socket (a probe would
 * look like a consumer to a listening writer).
 */
final class SocketFileLock {
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private SocketFileLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  static SocketFileLock acquire(Endpoint endpoint, Path socketFile) throws IOException {
    Path path = socketFile.resolveSibling(socketFile.getFileName() + ".lock");
    FileChannel channel =
        OwnerOnly.open(path, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new BindException(
          "Cannot listen on "
              + endpoint
              + ": a live DataStream listener holds it (lock file "
              + path
              + "); not taking it over. Stop that pipeline or choose another socket path.");
    }
    return new SocketFileLock(path, channel, lock);
  }

  void release() {
    try {
      Files.deleteIfExists(path);
      lock.release();
    } catch (IOException ignored) {
      // the lock goes with the channel
    } finally {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
