package org.datastreamio.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.datastreamio.spi.OwnerMark;
import org.datastreamio.spi.StreamConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staging folders of writes whose processes died (SIGKILL, SIGTERM, a crash) before their commit:
 * nothing else would ever remove them. Every process that stages files of a write first leaves an
 * empty owner file beside the staging folder, {@code .datastream-staging-<write>.owner-<mark>} (see
 * {@link OwnerMark}); the commit of a later write into the same directory removes the staging
 * folders whose owners all died on this machine. A folder with a live owner, an owner on another
 * machine or no owner file (a writer that is just starting) is left alone. Local files only: the
 * object stores and HDFS have no process to ask.
 */
final class StagingLeftovers {
  private static final Logger LOG = LoggerFactory.getLogger(StagingLeftovers.class);
  private static final String OWNER = ".owner-";

  private StagingLeftovers() {}

  /** Marks this process as an owner of the write's staging folder, before it stages a file. */
  static void markOwner(StreamConfig config, String writeId) throws IOException {
    if (!"file".equals(config.scheme())) {
      return;
    }
    Path mark =
        Path.of(config.path())
            .resolve(FileLocations.STAGING_PREFIX + writeId + OWNER + OwnerMark.current());
    if (Files.exists(mark)) {
      return;
    }
    Files.createDirectories(mark.getParent());
    try {
      Files.createFile(mark);
    } catch (FileAlreadyExistsException raced) {
      // another bundle of this process
    }
  }

  /**
   * After a commit: removes the owner files of {@code writeId} once its staging folder is gone, and
   * the staging folders (and owner files) of other writes whose owners all died. Best effort.
   */
  static void clean(StreamConfig config, String writeId) {
    if (!"file".equals(config.scheme())) {
      return;
    }
    Path dir = Path.of(config.path());
    Map<String, List<Path>> marks = new HashMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(
          p -> {
            String name = p.getFileName().toString();
            int owner = name.indexOf(OWNER);
            if (name.startsWith(FileLocations.STAGING_PREFIX) && owner > 0) {
              marks
                  .computeIfAbsent(
                      name.substring(FileLocations.STAGING_PREFIX.length(), owner),
                      k -> new ArrayList<>())
                  .add(p);
            }
          });
    } catch (IOException e) {
      LOG.debug("Cannot list {} for staging leftovers: {}", dir, e.toString());
      return;
    }
    marks.forEach(
        (write, owners) -> {
          Path staging = dir.resolve(FileLocations.STAGING_PREFIX + write);
          boolean own = write.equals(writeId);
          boolean dead =
              owners.stream().allMatch(p -> OwnerMark.ofDeadProcess(p.getFileName().toString()));
          if (own ? Files.exists(staging) : !dead) {
            return;
          }
          try {
            if (!own && Files.exists(staging)) {
              LOG.info(
                  "Removing {}: the staging folder of write {}, whose writer died before its commit",
                  staging,
                  write);
              deleteTree(staging);
            }
            for (Path p : owners) {
              Files.deleteIfExists(p);
            }
          } catch (IOException e) {
            LOG.warn("Could not remove the staging leftovers {}: {}", staging, e.toString());
          }
        });
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(p);
        } catch (NoSuchFileException gone) {
          // removed meanwhile
        }
      }
    }
  }
}
