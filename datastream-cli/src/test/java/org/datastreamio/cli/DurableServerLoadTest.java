package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.flight.FlightTestData;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers and readers on one durable server process under a memory cap, the server killed with
 * SIGKILL once in the middle and restarted on its directory: afterwards every row of every writer
 * is there exactly once with its values. Writers follow the commit protocol a pipeline's commit
 * step follows: a commit is retried until the server answers it; a write the server says it lost is
 * rerun under a new write id. The default suite runs a small size; {@code -Pserver-load} runs 16
 * writers x 1,000,000 rows and 4 readers and prints the figures docs/performance.md reports.
 */
class DurableServerLoadTest {
  private static final int WRITERS = Integer.getInteger("load.writers", 4);
  private static final int ROWS_PER_WRITER = Integer.getInteger("load.rowsPerWriter", 40_000);
  private static final int READERS = Integer.getInteger("load.readers", 2);
  private static final int ROWS_PER_WRITE = Integer.getInteger("load.rowsPerWrite", 10_000);
  private static final int ROWS_PER_BATCH = 5_000;
  private static final String MEMORY_LIMIT = System.getProperty("load.memoryLimit", "256m");
  private static final long DEADLINE_NANOS =
      TimeUnit.MINUTES.toNanos(Long.getLong("load.minutes", 10));

  @TempDir Path dataDir;

  private volatile ServerProcess server;
  private final AtomicLong committedRows = new AtomicLong();
  private final AtomicLong rerunWrites = new AtomicLong();
  private final AtomicLong readRows = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong failedReads = new AtomicLong();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

  private ServerProcess startServer(int port) throws Exception {
    return ServerProcess.start(
        port,
        List.of("-Xmx512m", "-XX:MaxDirectMemorySize=512m"),
        "--data-dir",
        dataDir.toString(),
        "--memory-limit",
        MEMORY_LIMIT);
  }

  private StreamConfig config() {
    return StreamConfig.parse("flight://127.0.0.1:" + server.port + "/load?retries=15&timeout=60s");
  }

  @Test
  void writersAndReadersThroughAKillAndRestartLoseAndDuplicateNothing() throws Exception {
    assertEquals(
        0,
        ROWS_PER_WRITER % ROWS_PER_WRITE,
        "rows per writer must be a multiple of rows per write");
    assertEquals(0, ROWS_PER_WRITE % ROWS_PER_BATCH);
    long total = (long) WRITERS * ROWS_PER_WRITER;
    server = startServer(0);
    int port = server.port;
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    AtomicBoolean writing = new AtomicBoolean(true);
    long peakBeforeKill;
    long start = System.nanoTime();
    long killedAt;
    long restartedAt;
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  write(writer);
                  return null;
                }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        readers.add(
            pool.submit(
                () -> {
                  readWhile(writing, total);
                  return null;
                }));
      }
      while (committedRows.get() < total / 2 && System.nanoTime() - start < DEADLINE_NANOS) {
        Thread.sleep(20);
      }
      peakBeforeKill = server.peakRssBytes();
      killedAt = System.nanoTime();
      long committedAtKill = committedRows.get();
      server.kill();
      server.close();
      server = startServer(port);
      restartedAt = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "load: killed the server with %,d of %,d rows committed; restarted in %.1f s%n",
          committedAtKill,
          total,
          (restartedAt - killedAt) / 1e9);
      for (Future<?> f : writers) {
        f.get(Math.max(1, DEADLINE_NANOS - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
      }
      long written = System.nanoTime();
      writing.set(false);
      for (Future<?> f : readers) {
        f.get(5, TimeUnit.MINUTES);
      }

      long verifyStart = System.nanoTime();
      verifyExactlyOnce(total);
      long verified = System.nanoTime();
      long peakAfter = server.peakRssBytes();
      double writeSeconds = (written - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "load: %d writers x %,d rows, %d readers, memory limit %s: %,d rows committed in %.1f s"
              + " (%,.0f rows/s including the restart), %d writes rerun after the kill; readers: %,d rows in %d reads"
              + " (%d failed during the restart); final read of every row %.1f s (%,.0f rows/s); server peak RSS"
              + " %d MiB before the kill, %d MiB after the restart; %d MiB of part files%n",
          WRITERS,
          ROWS_PER_WRITER,
          READERS,
          MEMORY_LIMIT,
          total,
          writeSeconds,
          total / writeSeconds,
          rerunWrites.get(),
          readRows.get(),
          reads.get(),
          failedReads.get(),
          (verified - verifyStart) / 1e9,
          total / ((verified - verifyStart) / 1e9),
          peakBeforeKill >> 20,
          peakAfter >> 20,
          diskBytes() >> 20);
      assertTrue(violations.isEmpty(), "readers saw: " + violations);
    } finally {
      writing.set(false);
      pool.shutdownNow();
      pool.awaitTermination(60, TimeUnit.SECONDS);
      if (server != null) {
        server.close();
      }
      FlightClientPool.closeIdleClients();
    }
  }

  /**
   * One writer: its rows in writes of ROWS_PER_WRITE, each committed exactly once whatever the
   * server does.
   */
  private void write(int writer) throws Exception {
    long first = (long) writer * ROWS_PER_WRITER;
    try (BufferAllocator allocator = ArrowMemory.newChild("writer-" + writer)) {
      for (long from = first; from < first + ROWS_PER_WRITER; from += ROWS_PER_WRITE) {
        for (int attempt = 0; ; attempt++) {
          if (attempt > 50) {
            throw new IllegalStateException(
                "writer " + writer + " could not commit rows from " + from);
          }
          if (attempt > 0) {
            rerunWrites.incrementAndGet();
            Thread.sleep(200);
          }
          String writeId = "w" + writer + "-" + from + "-" + attempt;
          StreamConfig config = config();
          Transport t = Transports.forConfig(config);
          WrittenPart part;
          try {
            part =
                FlightTestData.writePart(
                    t,
                    config,
                    SinkContext.of(writeId, "p", ""),
                    allocator,
                    from,
                    ROWS_PER_WRITE / ROWS_PER_BATCH,
                    ROWS_PER_BATCH);
          } catch (IOException e) {
            continue; // the server went away mid-put: nothing of this write can become visible;
            // rerun it
          }
          if (commit(t, writeId, part)) {
            committedRows.addAndGet(ROWS_PER_WRITE);
            break;
          }
        }
      }
    }
  }

  /**
   * True once the server answered the commit; false when it says the write's parts are gone (so it
   * never became visible). Any other failure leaves the outcome unknown, so the same commit is
   * asked again.
   */
  private boolean commit(Transport t, String writeId, WrittenPart part)
      throws InterruptedException {
    for (int asked = 0; asked < 100; asked++) {
      StreamConfig config = config(); // the port is the same after the restart; the config is cheap
      try {
        t.commit(config, writeId, "", List.of(part));
        return true;
      } catch (IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("not staged on this server")
            || m.contains("does not exist on this server")) {
          return false;
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the commit of " + writeId + " never got an answer");
  }

  /** Reads the whole stream again and again while writers run; no read may see a row twice. */
  private void readWhile(AtomicBoolean writing, long total) throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("reader")) {
      while (writing.get() && committedRows.get() == 0) {
        Thread.sleep(20); // no stream to read yet
      }
      while (writing.get()) {
        BitSet seen = new BitSet((int) total);
        try {
          long rows =
              readAll(
                  allocator,
                  (id, root, i) -> {
                    if (seen.get((int) id)) {
                      violations.add("row " + id + " twice in one read");
                    }
                    seen.set((int) id);
                  });
          readRows.addAndGet(rows);
          reads.incrementAndGet();
        } catch (IOException | RuntimeException e) {
          failedReads.incrementAndGet(); // the server is being killed or restarting
          Thread.sleep(200);
        }
      }
    }
  }

  private void verifyExactlyOnce(long total) throws IOException {
    byte[] counts = new byte[(int) total];
    List<String> wrong = new ArrayList<>();
    long rows;
    try (BufferAllocator allocator = ArrowMemory.newChild("verifier")) {
      rows =
          readAll(
              allocator,
              (id, root, i) -> {
                if (id < 0 || id >= total) {
                  wrong.add("unexpected id " + id);
                  return;
                }
                counts[(int) id]++;
                VarCharVector name = (VarCharVector) root.getVector("name");
                Float8Vector score = (Float8Vector) root.getVector("score");
                String wantName = id % 7 == 0 ? null : "name-" + id + "-\u00e9\u6f22";
                String gotName =
                    name.isNull(i) ? null : new String(name.get(i), StandardCharsets.UTF_8);
                Double wantScore = id % 11 == 0 ? null : id * 0.5;
                Double gotScore = score.isNull(i) ? null : score.get(i);
                if (!java.util.Objects.equals(wantName, gotName)
                    || !java.util.Objects.equals(wantScore, gotScore)) {
                  wrong.add("row " + id + ": " + gotName + ", " + gotScore);
                }
              });
    }
    long missing = 0;
    long duplicated = 0;
    for (byte c : counts) {
      missing += c == 0 ? 1 : 0;
      duplicated += c > 1 ? 1 : 0;
    }
    if (missing > 0 || duplicated > 0 || !wrong.isEmpty() || rows != total) {
      fail(
          rows
              + " rows read for "
              + total
              + ": "
              + missing
              + " missing, "
              + duplicated
              + " duplicated, wrong values: "
              + wrong.subList(0, Math.min(10, wrong.size())));
    }
  }

  private interface RowCheck {
    void accept(long id, VectorSchemaRoot root, int index);
  }

  private long readAll(BufferAllocator allocator, RowCheck check) throws IOException {
    StreamConfig config = config();
    Transport t = Transports.forConfig(config);
    long rows = 0;
    for (Partition p : t.listPartitions(config, allocator)) {
      try (BatchSource s = t.openSource(config, p, 0, allocator)) {
        while (s.next()) {
          VectorSchemaRoot root = s.root();
          BigIntVector id = (BigIntVector) root.getVector("id");
          for (int i = 0; i < root.getRowCount(); i++) {
            check.accept(id.get(i), root, i);
          }
          rows += root.getRowCount();
        }
      }
    }
    return rows;
  }

  private long diskBytes() throws IOException {
    try (var files = Files.walk(dataDir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
