package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.flight.FlightTestData;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.PyArrow;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datastream serve --data-dir} killed with SIGKILL (or halted at a point inside a commit)
 * while a writer works, then restarted on the same directory: every committed row is there exactly
 * once, nothing of an uncommitted write is visible, and the writer learns which of the two
 * happened.
 */
class DurableServerCrashTest {
  private static final String HALT_AT = "-Ddatastream.server.testHaltAt=";
  private final List<ServerProcess> servers = new ArrayList<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @TempDir Path dataDir;

  @AfterEach
  void stopEverything() throws Exception {
    background.shutdownNow();
    for (ServerProcess s : servers) {
      s.close();
    }
    FlightClientPool.closeIdleClients();
  }

  private ServerProcess start(int port, String... jvmOptions) throws Exception {
    ServerProcess s =
        ServerProcess.start(port, List.of(jvmOptions), "--data-dir", dataDir.toString());
    servers.add(s);
    return s;
  }

  /** The stream's URI; retries enough to outlast a server restart. */
  private static StreamConfig config(ServerProcess server, String stream) {
    return StreamConfig.parse(
        "flight://127.0.0.1:" + server.port + "/" + stream + "?retries=12&timeout=20s");
  }

  /** One staged (uncommitted) part of rows first .. first+count-1 of write {@code writeId}. */
  private static WrittenPart stage(
      StreamConfig config, String writeId, String partId, long first, int count)
      throws IOException {
    Transport t = Transports.forConfig(config);
    try (BufferAllocator allocator = ArrowMemory.newChild("writer");
        VectorSchemaRoot root = TestBatches.rows(allocator, first, count);
        BatchSink sink =
            t.openSink(
                config, SinkContext.of(writeId, partId, ""), TestBatches.SCHEMA, allocator)) {
      sink.write(root);
      sink.write(root); // a second batch of the same rows: parts of several batches
      return sink.finish();
    }
  }

  private static void commit(StreamConfig config, String writeId, List<WrittenPart> parts)
      throws IOException {
    Transports.forConfig(config).commit(config, writeId, "", parts);
  }

  /** Every row of the stream, sorted (as FlightTestData reports rows). */
  private static List<String> read(StreamConfig config) throws IOException {
    try (BufferAllocator allocator = ArrowMemory.newChild("reader")) {
      return FlightTestData.readAll(Transports.forConfig(config), config, allocator);
    }
  }

  /**
   * Each row of {@code first .. first+count-1} twice (every part holds its batch twice), sorted.
   */
  private static List<String> expected(long first, int count) {
    List<String> rows = new ArrayList<>(FlightTestData.expected(first, count));
    rows.addAll(FlightTestData.expected(first, count));
    return FlightTestData.sorted(rows);
  }

  private long filesIn(String sub) throws IOException {
    try (Stream<Path> s = Files.walk(dataDir.resolve(sub))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void killedAfterCommitServesEveryCommittedRowOnceAgainAlsoToPyArrow() throws Exception {
    ServerProcess first = start(0);
    StreamConfig config = config(first, "orders");
    commit(
        config,
        "w1",
        List.of(stage(config, "w1", "p1", 0, 500), stage(config, "w1", "p2", 500, 300)));
    List<WrittenPart> w2 = List.of(stage(config, "w2", "p1", 800, 200));
    commit(config, "w2", w2);
    first.kill();

    ServerProcess second = start(first.port);
    assertTrue(
        second.output().contains("Recovered 1 stream(s)")
            && second.output().contains("3 committed part(s), 2000 rows"),
        second.output());
    assertEquals(expected(0, 1000), read(config));
    // A commit retried after the restart is answered as before, and adds nothing.
    commit(config, "w2", w2);
    assertEquals(expected(0, 1000), read(config));

    String checked =
        PyArrow.run(
            String.join(
                "\n",
                "import sys, pyarrow.flight as fl",
                "c = fl.connect(sys.argv[1])",
                "info = c.get_flight_info(fl.FlightDescriptor.for_path('orders'))",
                "ids, bad = [], 0",
                "for ep in info.endpoints:",
                "    t = c.do_get(ep.ticket).read_all()",
                "    for i, n, s in zip(t.column('id').to_pylist(), t.column('name').to_pylist(), t.column('score').to_pylist()):",
                "        ids.append(i)",
                "        want_n = None if i % 7 == 0 else 'name-%d-\\u00e9\\u6f22' % i",
                "        want_s = None if i % 11 == 0 else i * 0.5",
                "        bad += (n != want_n) + (s != want_s)",
                "print(len(ids), len(set(ids)), min(ids), max(ids), bad, sorted(ids) == sorted(list(range(1000)) * 2))"),
            "grpc://127.0.0.1:" + second.port);
    assertEquals("2000 1000 0 999 0 True", checked.trim());
  }

  @Test
  void killedBeforeCommitLosesOnlyTheUncommittedWriteAndTheCommitSaysRerun() throws Exception {
    ServerProcess first = start(0);
    StreamConfig config = config(first, "orders");
    commit(config, "w1", List.of(stage(config, "w1", "p1", 0, 400)));
    List<WrittenPart> staged =
        List.of(stage(config, "w2", "p1", 400, 300), stage(config, "w2", "p2", 700, 300));
    assertEquals(2, filesIn("staging"), "the staged parts are files in staging/");
    first.kill();

    ServerProcess second = start(first.port);
    assertTrue(second.output().contains("discarded 2 file(s)"), second.output());
    assertEquals(0, filesIn("staging"));
    IOException e = assertThrows(IOException.class, () -> commit(config, "w2", staged));
    assertTrue(
        e.getMessage().contains("not staged on this server") && e.getMessage().contains("rerun"),
        e.getMessage());
    assertEquals(expected(0, 400), read(config));
  }

  @Test
  void crashInsideCommitBeforeTheManifestLeavesTheWriteInvisible() throws Exception {
    ServerProcess first = start(0);
    StreamConfig config = config(first, "orders");
    commit(config, "w1", List.of(stage(config, "w1", "p1", 0, 400)));
    first.kill();

    ServerProcess halting = start(first.port, HALT_AT + "commit-renamed");
    List<WrittenPart> staged =
        List.of(stage(config, "w2", "p1", 400, 300), stage(config, "w2", "p2", 700, 300));
    Future<?> committing =
        background.submit(
            () -> {
              commit(config, "w2", staged);
              return null;
            });
    halting.awaitExit(); // halted after renaming the part files, before the new manifest
    ServerProcess restarted = start(first.port);
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> committing.get(120, TimeUnit.SECONDS));
    assertTrue(failed.getCause().getMessage().contains("rerun"), failed.getCause().getMessage());
    assertTrue(restarted.output().contains("discarded 2 file(s)"), restarted.output());
    assertEquals(expected(0, 400), read(config));
  }

  @Test
  void crashInsideCommitAfterTheManifestIsRetriedByTheWriterAndCountsOnce() throws Exception {
    ServerProcess halting = start(0, HALT_AT + "commit-published");
    StreamConfig config = config(halting, "orders");
    List<WrittenPart> staged =
        List.of(stage(config, "w1", "p1", 0, 600), stage(config, "w1", "p2", 600, 400));
    Future<?> committing =
        background.submit(
            () -> {
              commit(config, "w1", staged);
              return null;
            });
    halting.awaitExit(); // halted with the manifest durable but the commit not acknowledged
    ServerProcess restarted = start(halting.port);
    committing.get(120, TimeUnit.SECONDS); // the writer's retry is answered "already committed"
    assertTrue(restarted.output().contains("2 committed part(s), 2000 rows"), restarted.output());
    assertEquals(expected(0, 1000), read(config));
  }

  /** The ids of the rows of a {@code generate}d stream, or empty when there is no such stream. */
  private static List<Long> ids(StreamConfig config) throws IOException {
    Transport t = Transports.forConfig(config);
    List<Long> ids = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("reader")) {
      List<org.datastreamio.spi.Partition> parts;
      try {
        parts = t.listPartitions(config, allocator);
      } catch (IOException e) {
        if (e.getMessage().contains("There is no stream")) {
          return ids;
        }
        throw e;
      }
      for (org.datastreamio.spi.Partition p : parts) {
        try (org.datastreamio.spi.BatchSource s = t.openSource(config, p, 0, allocator)) {
          while (s.next()) {
            org.apache.arrow.vector.BigIntVector id =
                (org.apache.arrow.vector.BigIntVector) s.root().getVector("id");
            for (int i = 0; i < s.root().getRowCount(); i++) {
              ids.add(id.get(i));
            }
          }
        }
      }
    }
    java.util.Collections.sort(ids);
    return ids;
  }

  private static List<Long> range(long n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /**
   * A Beam pipeline ({@code datastream generate}, its own JVM) writing while the server is killed
   * and restarted: it either commits every row once or fails naming the cause, leaving nothing
   * visible; then a rerun commits every row once.
   */
  @Test
  void aPipelineWritingThroughAKillCommitsOnceOrFailsClearlyLeavingNothing() throws Exception {
    ServerProcess first = start(0);
    int rows = 300_000;
    String uri = "flight://127.0.0.1:" + first.port + "/gen?retries=20";
    Path log = Files.createTempFile("datastream-generate", ".log");
    Process generate =
        new ProcessBuilder(
                ServerProcess.command(
                    List.of(),
                    List.of(
                        "generate",
                        "--rows",
                        Integer.toString(rows),
                        "--parallelism",
                        "2",
                        "--to",
                        uri)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (filesIn("staging") == 0 && generate.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      first.kill(); // mid-write: parts are being staged
      start(first.port);
      assertTrue(generate.waitFor(5, TimeUnit.MINUTES), "generate ended");
      String output = Files.readString(log);
      StreamConfig config = StreamConfig.parse(uri);
      if (generate.exitValue() == 0) {
        assertEquals(
            range(rows), ids(config), "a pipeline that succeeded committed every row once");
      } else {
        assertTrue(
            output.contains("datastream generate: error: ")
                && output.contains("127.0.0.1:" + first.port),
            "a one-line error naming the server:\n" + output);
        assertEquals(List.of(), ids(config), "nothing of the failed write is visible");
        Process rerun =
            new ProcessBuilder(
                    ServerProcess.command(
                        List.of(),
                        List.of(
                            "generate",
                            "--rows",
                            Integer.toString(rows),
                            "--parallelism",
                            "2",
                            "--to",
                            uri)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(
            rerun.waitFor(5, TimeUnit.MINUTES) && rerun.exitValue() == 0, Files.readString(log));
        assertEquals(range(rows), ids(config), "the rerun committed every row once");
      }
      System.out.println("generate through a kill: exit " + generate.exitValue() + "\n" + output);
    } finally {
      generate.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }
}
