package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.datastreamio.cli.CommandsTest.Run;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.testing.Multiset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datastream serve --spill-dir} in its own JVM, killed with SIGKILL while it holds spilled
 * streams, then started again on the same directory: the dead server's part files are removed at
 * the start, the new server's streams are read back exactly, and its clean stop leaves the
 * directory empty. The spill directory and its files are owner-only.
 */
class SpillLeftoversTest {
  @TempDir Path dir;
  private ServerProcess first;
  private ServerProcess second;

  @AfterEach
  void stopServers() throws Exception {
    for (ServerProcess s : new ServerProcess[] {first, second}) {
      if (s != null) {
        s.close();
      }
    }
    FlightClientPool.closeIdleClients();
  }

  @Test
  @Timeout(300)
  void aRestartRemovesWhatAKilledServerSpilled() throws Exception {
    Path spill = dir.resolve("spill");
    first = ServerProcess.start(0, List.of(), "--spill-dir", spill.toString());
    write(first, "before", 1000);
    List<Path> killedFiles = files(spill);
    assertFalse(killedFiles.isEmpty(), "the first server spilled its stream");
    assertEquals("rwx------", permissions(spill), "the spill directory is owner-only");
    for (Path f : killedFiles) {
      assertEquals("rw-------", permissions(f), f + " is owner-only");
    }
    first.kill();
    assertEquals(killedFiles, files(spill), "SIGKILL leaves the spilled files");

    second = ServerProcess.start(0, List.of(), "--spill-dir", spill.toString());
    assertEquals(List.of(), files(spill), "the restart removed the dead server's files");
    write(second, "after", 700);
    String ref = "file://" + dir.resolve("ref");
    assertEquals(0, new Run("generate", "--rows", "700", "--to", ref).exit);
    Multiset.assertSameMultiset(rows(ref), rows("flight://127.0.0.1:" + second.port + "/after"));
    assertFalse(files(spill).isEmpty(), "the second server spills too");
    FlightClientPool.closeIdleClients();
    second.stop();
    assertEquals(List.of(), files(spill), "a clean stop leaves no spilled file");
    assertTrue(Files.isDirectory(spill));
  }

  private static void write(ServerProcess server, String stream, int rows) {
    Run run =
        new Run(
            "generate",
            "--rows",
            Integer.toString(rows),
            "--to",
            "flight://127.0.0.1:" + server.port + "/" + stream);
    assertEquals(0, run.exit, run.out + run.err);
  }

  private static List<String> rows(String uri) {
    Run cat = new Run("cat", "--from", uri, "--format", "csv");
    assertEquals(0, cat.exit, cat.err);
    List<String> lines = cat.out.lines().toList();
    return lines.subList(1, lines.size());
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
