package org.datastreamio.runners;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/**
 * Test-only: passes rows through, but the first time it meets a row whose id is in {@code failIds}
 * it throws, failing that bundle. The attempt marker is a file per id (created atomically), so the
 * runner's retry of the bundle, in whichever thread or task, passes. The marker holds how many rows
 * the bundle had passed on before it failed: a write fused behind this step had sent a batch if
 * that is at least its batch size.
 */
final class FailFirstAttempt extends DoFn<Row, Row> {
  private final String markerDir;
  private final Set<Long> failIds;
  private transient long passedInBundle;

  FailFirstAttempt(Path markerDir, Set<Long> failIds) {
    this.markerDir = markerDir.toString();
    this.failIds = Set.copyOf(failIds);
  }

  @StartBundle
  public void startBundle() {
    passedInBundle = 0;
  }

  @ProcessElement
  public void process(@Element Row row, OutputReceiver<Row> out) throws IOException {
    long id = row.getInt64("id");
    if (failIds.contains(id)) {
      try {
        Path marker = Files.createFile(Paths.get(markerDir, "failed-" + id));
        Files.writeString(marker, Long.toString(passedInBundle));
        throw new IllegalStateException(
            "Injected failure: first attempt of the bundle with row " + id);
      } catch (FileAlreadyExistsException retried) {
        // second attempt: let it through
      }
    }
    out.output(row);
    passedInBundle++;
  }

  /** For each injected failure, by row id: how many rows its bundle had passed on before it. */
  static Map<Long, Long> passedBeforeFailures(Path markerDir) throws IOException {
    Map<Long, Long> out = new TreeMap<>();
    try (var files = Files.list(markerDir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith("failed-")) {
          out.put(
              Long.parseLong(name.substring("failed-".length())),
              Long.parseLong(Files.readString(f).trim()));
        }
      }
    }
    return out;
  }

  /** How many injected failures happened. */
  static long failures(Path markerDir) throws IOException {
    try (var files = Files.list(markerDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("failed-")).count();
    }
  }
}
