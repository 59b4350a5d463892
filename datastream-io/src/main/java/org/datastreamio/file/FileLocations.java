package org.datastreamio.file;

import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.datastreamio.spi.StreamConfig;

/**
 * Where a write's files go. Bundles write to a hidden staging folder inside the target directory
 * (names starting with '.' are never read as data), and the commit renames them to their final
 * names, so readers never see a part of a failed or retried bundle.
 */
final class FileLocations {
  static final String STAGING_PREFIX = ".datastream-staging-";
  static final String PREFIX_PARAMETER = "prefix";

  private FileLocations() {}

  /**
   * A Beam FileSystems spec for the stream's location: {@code /abs} for local files, else the URI.
   */
  static String spec(StreamConfig config) {
    return "file".equals(config.scheme()) ? config.path() : config.location();
  }

  static ResourceId directory(StreamConfig config) {
    return FileSystems.matchNewResource(spec(config), true);
  }

  /**
   * The staging folder of one write and window: {@code
   * <dir>/.datastream-staging-<writeId>/<window>/}.
   */
  static ResourceId stagingDirectory(StreamConfig config, String writeId, String windowTag) {
    return writeStagingDirectory(config, writeId)
        .resolve(
            windowTag.isEmpty() ? "global" : windowTag, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  static ResourceId writeStagingDirectory(StreamConfig config, String writeId) {
    return directory(config)
        .resolve(STAGING_PREFIX + writeId, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  static ResourceId stagedFile(
      StreamConfig config, String writeId, String windowTag, String partId, IpcFormat format) {
    return stagingDirectory(config, writeId, windowTag)
        .resolve(partId + format.extension(), StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * Final name of the i-th of n committed parts: {@code
   * <prefix>-<write>[-<window>]-00003-of-00012.arrow}. The (whole) write id keeps two writes into
   * one directory apart; the window keeps streaming panes apart.
   */
  static ResourceId finalFile(
      StreamConfig config,
      String writeId,
      String windowTag,
      int index,
      int count,
      IpcFormat format) {
    String prefix = config.parameter(PREFIX_PARAMETER, "part");
    String window = windowTag.isEmpty() ? "" : "-" + windowTag;
    String name =
        String.format(
            "%s-%s%s-%05d-of-%05d%s",
            prefix, shortId(writeId), window, index, count, format.extension());
    return directory(config).resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /** The whole write id, made file-name safe: a shortened id could let two writes collide. */
  private static String shortId(String writeId) {
    return writeId.replace("-", "").replaceAll("[^A-Za-z0-9_]", "_");
  }

  /**
   * Data files are what a reader of a directory picks up: not hidden, not markers like _SUCCESS.
   */
  static boolean isDataFileName(String name) {
    return !name.isEmpty()
        && !name.startsWith(".")
        && !name.startsWith("_")
        && !name.endsWith(".crc");
  }
}
