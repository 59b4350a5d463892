package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.datastreamio.cli.CommandsTest.Run;
import org.datastreamio.testing.Multiset;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code datastream generate} in its own JVM, killed (SIGKILL or SIGTERM) while it writes Arrow
 * files: the staging folder it leaves is removed by the next write into the same directory, the
 * data committed before stays as it was, and the next write's rows are there exactly.
 */
class KilledWriterTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "SIGKILL: {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(300)
  void theNextWriteRemovesWhatAKilledWriterStaged(boolean sigkill) throws Exception {
    Path out = dir.resolve("out");
    String uri = "file://" + out;
    assertEquals(0, new Run("generate", "--rows", "300", "--to", uri, "--parallelism", "1").exit);
    Map<Path, byte[]> committed = files(out, p -> true);
    List<String> firstRows = rows(uri);

    Process writer =
        new ProcessBuilder(
                ServerProcess.command(
                    List.of("-Xmx1500m"),
                    List.of("generate", "--rows", "3000000", "--to", uri, "--parallelism", "6")))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("writer.log").toFile())
            .start();
    try {
      awaitStagedData(out, writer, dir.resolve("writer.log"));
    } finally {
      if (sigkill) {
        writer.destroyForcibly();
      } else {
        writer.destroy();
      }
      if (!writer.waitFor(60, TimeUnit.SECONDS)) {
        writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        fail("the killed writer did not end");
      }
    }
    assertFalse(staging(out).isEmpty(), "the killed writer left its staging folder");

    assertEquals(0, new Run("generate", "--rows", "500", "--to", uri, "--parallelism", "2").exit);

    assertEquals(List.of(), staging(out), "staging leftovers of the killed writer are removed");
    Map<Path, byte[]> after = files(out, p -> true);
    committed.forEach(
        (file, bytes) ->
            assertTrue(
                java.util.Arrays.equals(bytes, after.get(file)),
                "committed file " + file + " is untouched"));
    String refUri = "file://" + dir.resolve("ref");
    assertEquals(
        0, new Run("generate", "--rows", "500", "--to", refUri, "--parallelism", "2").exit);
    List<String> expected = new java.util.ArrayList<>(firstRows);
    expected.addAll(rows(refUri));
    Multiset.assertSameMultiset(expected, rows(uri)); // the first and the third write's rows
    assertEquals(800, expected.size());
  }

  /** Waits until the writer has staged a non-empty file. */
  private static void awaitStagedData(Path out, Process writer, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!writer.isAlive()) {
        fail(
            "the writer ended before it was killed: exit "
                + writer.exitValue()
                + "\n"
                + Files.readString(log));
      }
      for (Path staging : staging(out)) {
        if (Files.isDirectory(staging)
            && !files(staging, p -> p.toString().endsWith(".arrow") && size(p) > 0).isEmpty()) {
          return;
        }
      }
      Thread.sleep(100);
    }
    fail("the writer staged nothing within 120 s:\n" + Files.readString(log));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException gone) {
      return 0;
    }
  }

  /** The entries of {@code out} that belong to staging: folders and their owner files. */
  private static List<Path> staging(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(out)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(".datastream-staging-"))
          .sorted()
          .toList();
    }
  }

  /** Every regular file under {@code root} that passes the filter, with its bytes. */
  private static Map<Path, byte[]> files(Path root, Predicate<Path> filter) throws IOException {
    Map<Path, byte[]> files = new HashMap<>();
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : tree.filter(Files::isRegularFile).filter(filter).toList()) {
        try {
          files.put(p, Files.readAllBytes(p));
        } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
          // a staged file the writer renamed or removed
        }
      }
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException walkedIntoAGone) {
      // a folder removed while walked
    }
    return files;
  }

  /** Every row of the stream as cat prints it (CSV), header left out. */
  private static List<String> rows(String uri) {
    Run cat = new Run("cat", "--from", uri, "--format", "csv");
    assertEquals(0, cat.exit, cat.err);
    List<String> lines = cat.out.lines().toList();
    return lines.subList(1, lines.size());
  }
}
