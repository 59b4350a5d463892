package org.datastreamio.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files the server creates for its data (data directory, spill directory, part
 * files, manifests, lock): owner-only ({@code rwx------}, {@code rw-------}) whatever the umask,
 * since they hold the streams' rows. Directories that already exist keep their permissions. Without
 * POSIX permissions (Windows) the file system's defaults apply.
 */
final class OwnerOnly {
  private static final boolean POSIX =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /** Creates the directory and its missing parents, each new one owner-only. */
  static Path directories(Path dir) throws IOException {
    return POSIX
        ? Files.createDirectories(
            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : Files.createDirectories(dir);
  }

  /** Opens a file, created owner-only if new. */
  static FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
    FileAttribute<?>[] attributes =
        POSIX
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    return FileChannel.open(file, options, attributes);
  }
}
