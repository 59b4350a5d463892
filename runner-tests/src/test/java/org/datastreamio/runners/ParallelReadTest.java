package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One stream of one part (one large IPC file) is read by more than one worker on Flink and Spark:
 * checked from the runner's {@code restrictionsRead} counter and from which worker emitted rows.
 */
@ExtendWith(ArrowLeakCheck.class)
class ParallelReadTest {
  private static final int BATCHES = 64;
  private static final int BATCH_ROWS = 1_000;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = TestRunner.class,
      names = {"FLINK", "SPARK"})
  void onePartIsReadByEveryWorker(TestRunner runner) throws Exception {
    Set<String> checked = new TreeSet<>();
    for (String transport : RunnerFixtures.transports()) {
      try (RunnerFixture fixture = RunnerFixtures.open(transport, dir)) {
        if (!fixture.splitsOnePart()) {
          continue; // socket partitions are ports, read one per worker; see splitsOnePart
        }
        checked.add(transport);
        String uri = fixture.freshStream("one-part").writeUri();
        writeOnePart(StreamConfig.parse(uri));

        String log = runner + "-" + transport + "-" + UUID.randomUUID();
        Pipeline read = runner.pipeline();
        PCollection<Long> ids =
            read.apply(DataStreamIO.read().from(uri))
                .apply(
                    "NoteWorker",
                    ParDo.of(
                        new WorkerLog.Note<Row>(
                            log, r -> "batch-" + r.getInt64("id") / BATCH_ROWS)))
                .apply(
                    "Id",
                    MapElements.into(TypeDescriptors.longs()).via((Row r) -> r.getInt64("id")));
        PAssert.that(ids).satisfies(Multiset.equalTo(expectedIds()));
        PipelineResult result = read.run();
        assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());

        long restrictions = RunnerMetrics.counter(result, "restrictionsRead");
        assertTrue(
            restrictions >= 4,
            transport
                + " on "
                + runner
                + ": one part of "
                + BATCHES
                + " batches should be read as at least 4 restrictions, the runner counted "
                + restrictions);
        // Each batch belongs to one restriction, read by one worker; the batches are spread over
        // all workers.
        Map<String, Set<String>> byBatch = WorkerLog.workersByKey(log);
        assertEquals(BATCHES, byBatch.size(), "batches seen: " + byBatch.keySet());
        byBatch.forEach(
            (batch, w) -> assertEquals(1, w.size(), batch + " was read by several workers: " + w));
        Set<String> workers = new TreeSet<>();
        byBatch.values().forEach(workers::addAll);
        assertTrue(
            workers.size() >= TestRunner.WORKERS,
            transport
                + " on "
                + runner
                + ": one part should be read by "
                + TestRunner.WORKERS
                + " workers, all batches came from "
                + workers);
      }
    }
    assertTrue(
        checked.containsAll(Set.of("file", "flight")), "split reads checked only for " + checked);
  }

  /**
   * One part of {@link #BATCHES} batches, written and committed through the SPI as one bundle
   * would.
   */
  private static void writeOnePart(StreamConfig config) throws Exception {
    Transport transport = Transports.forConfig(config);
    try (BufferAllocator allocator = ArrowMemory.newChild("one-part-writer");
        VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      WrittenPart part;
      try (BatchSink sink =
          transport.openSink(
              config, SinkContext.of("one-part", "p0", ""), TestBatches.SCHEMA, allocator)) {
        for (int b = 0; b < BATCHES; b++) {
          TestBatches.fill(root, (long) b * BATCH_ROWS, BATCH_ROWS);
          sink.write(root);
        }
        part = sink.finish();
      }
      if (transport.requiresCommit(config)) {
        transport.commit(config, "one-part", "", List.of(part));
      }
    }
  }

  private static List<Long> expectedIds() {
    List<Long> ids = new java.util.ArrayList<>();
    for (long i = 0; i < (long) BATCHES * BATCH_ROWS; i++) {
      ids.add(i);
    }
    return ids;
  }
}
