package org.datastreamio.runners;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/**
 * Test-only: passes rows through, but the first time it meets a row whose id is in {@code failIds}
 * it throws, failing that bundle. The attempt marker is a file per id (created atomically), so the
 * runner's retry of the bundle, in whichever thread or task, passes.
 */
final class FailFirstAttempt extends DoFn<Row, Row> {
  private final String markerDir;
  private final Set<Long> failIds;

  FailFirstAttempt(Path markerDir, Set<Long> failIds) {
    this.markerDir = markerDir.toString();
    this.failIds = Set.copyOf(failIds);
  }

  @ProcessElement
  public void process(@Element Row row, OutputReceiver<Row> out) throws IOException {
    long id = row.getInt64("id");
    if (failIds.contains(id)) {
      try {
        Files.createFile(Paths.get(markerDir, "failed-" + id));
        throw new IllegalStateException(
            "Injected failure: first attempt of the bundle with row " + id);
      } catch (FileAlreadyExistsException retried) {
        // second attempt: let it through
      }
    }
    out.output(row);
  }

  /** How many injected failures happened. */
  static long failures(Path markerDir) throws IOException {
    try (var files = Files.list(markerDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("failed-")).count();
    }
  }
}
