package org.datastreamio.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.datastreamio.spi.StreamConfig;

/** Turns a read location (a file, a directory, or a glob) into its data files, sorted by name. */
final class FileListing {
  private FileListing() {}

  static List<MatchResult.Metadata> dataFiles(StreamConfig config) throws IOException {
    String spec = FileLocations.spec(config);
    List<MatchResult.Metadata> files;
    if (FileSystems.hasGlobWildcard(spec)) {
      files = dataOnly(matched(spec));
      if (files.isEmpty()) {
        throw new FileNotFoundException(
            "No Arrow files match "
                + config.location()
                + ". Check the pattern; names starting with '.' or '_' are skipped.");
      }
    } else {
      if ("file".equals(config.scheme())
          && !java.nio.file.Files.exists(java.nio.file.Paths.get(spec))) {
        // Checked first: Beam's local glob match of "<missing>/*" walks the nearest existing
        // parent's whole tree.
        throw new FileNotFoundException(
            "No Arrow file or directory at "
                + config.location()
                + ". Write there first, or check the path.");
      }
      String dir = spec.endsWith("/") ? spec : spec + "/";
      files = dataOnly(matched(dir + "*"));
      if (files.isEmpty()) {
        List<MatchResult.Metadata> single = matched(spec);
        if (!single.isEmpty() && !single.get(0).resourceId().isDirectory()) {
          files = single;
        } else {
          throw new FileNotFoundException(
              "No Arrow file or non-empty directory at "
                  + config.location()
                  + ". Write there first, or check the path (a directory's files starting with '.' or '_' are skipped).");
        }
      }
    }
    files = new ArrayList<>(files);
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    return files;
  }

  /** What a spec matches; nothing (rather than an error) when the location does not exist. */
  static List<MatchResult.Metadata> matched(String spec) throws IOException {
    MatchResult result = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    return result.metadata();
  }

  private static List<MatchResult.Metadata> dataOnly(List<MatchResult.Metadata> matched) {
    List<MatchResult.Metadata> out = new ArrayList<>();
    for (MatchResult.Metadata m : matched) {
      if (!m.resourceId().isDirectory()
          && FileLocations.isDataFileName(m.resourceId().getFilename())) {
        out.add(m);
      }
    }
    return out;
  }
}
