package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bundles of the write fail on their first attempt and the runner retries them (Spark local[2,4],
 * Flink with a restart strategy). Exactly-once transports must show every row once; at-least-once
 * transports every row at least once, and no row more often than the write could have run it.
 *
 * <p>Socket: the read listens while the write runs, with {@code truncated=drop}, so the stream of a
 * failed attempt is dropped (its batches sent before the failure stay read) and the read goes on to
 * the retried attempt's complete stream. It ends when no writer has connected for the fixture's
 * idle time, since how many bundles (streams) a runner makes is its own choice.
 */
@ExtendWith(ArrowLeakCheck.class)
class RetryTest {
  private static final long ROWS = 50_000;

  /**
   * Rows whose bundles fail once: spread so that several bundles fail, each after it has passed its
   * writer two batches or more (the runners split the 50,000 ids into two or four ranges).
   */
  private static final Set<Long> FAIL_IDS = Set.of(11_999L, 24_999L, 49_999L);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = TestRunner.class,
      names = {"FLINK", "SPARK"})
  void retriedBundlesLeaveEveryRowOnceOrAtLeastOnce(TestRunner runner) throws Exception {
    Set<String> checked = new TreeSet<>();
    for (String transport : RunnerFixtures.transports()) {
      Path markers = Files.createDirectories(dir.resolve("markers-" + transport));
      try (RunnerFixture fixture = RunnerFixtures.open(transport, dir)) {
        RunnerFixture.Stream stream = fixture.freshStream("retried");
        checked.add(transport);

        Pipeline write = runner.retryingPipeline();
        TypeTableCheck.rows(write, ROWS)
            .apply("FailFirstAttempt", ParDo.of(new FailFirstAttempt(markers, FAIL_IDS)))
            .setRowSchema(TypeTable.SCHEMA)
            .apply(
                DataStreamIO.write()
                    .to(stream.writeUri())
                    .withBatchRows(RunnerMatrixTest.BATCH_ROWS));

        // A socket is read while it is written, in a second pipeline: on Direct when the runner
        // cannot run two at once (Spark); the retries under test are the write's.
        TestRunner reader =
            !stream.readWhileWriting() || runner.runsTwoPipelinesAtOnce()
                ? runner
                : TestRunner.DIRECT;
        Pipeline read = reader.pipeline();
        String readUri =
            stream.readWhileWriting() ? stream.readUri() + "&truncated=drop" : stream.readUri();
        PCollection<Row> rows =
            read.apply(DataStreamIO.read().from(readUri).withSchema(TypeTable.SCHEMA));
        if (stream.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
          TypeTableCheck.assertExactlyOnce(rows, ROWS);
        } else {
          // A row is read once per attempt that sent it: at most once more per injected failure
          // (Flink re-runs the failed region, so rows of attempts that had not failed come again
          // too).
          if (stream.readWhileWriting() && runner.finishesFailedBundles()) {
            // The failed attempts' streams end complete, and the read takes their rows too.
            TypeTableCheck.assertAtLeastOnceWithDuplicates(rows, ROWS, 1 + FAIL_IDS.size());
          } else {
            TypeTableCheck.assertAtLeastOnce(rows, ROWS, 1 + FAIL_IDS.size());
          }
        }
        if (stream.readWhileWriting()) {
          // Writers start once the read listens, so failed attempts have connected and sent
          // batches.
          PipelineResult[] results =
              WriteThenRead.concurrently(
                  write, read, reading -> SocketFixture.awaitListening(readUri, reading));
          Map<String, Long> readCounters = RunnerMetrics.counters(results[1]);
          if (!runner.finishesFailedBundles()) {
            assertTrue(
                readCounters.getOrDefault("truncatedStreams", 0L) >= 1,
                "the read dropped the streams of failed attempts; its counters: "
                    + readCounters
                    + ", the write's: "
                    + RunnerMetrics.counters(results[0]));
          } // else the failed attempts' streams ended complete: the read took them (duplicates)
        } else {
          WriteThenRead.finish(write);
          WriteThenRead.finish(read);
        }
        assertEquals(
            FAIL_IDS.size(), FailFirstAttempt.failures(markers), "every chosen bundle failed once");
        Map<Long, Long> passed = FailFirstAttempt.passedBeforeFailures(markers);
        passed.forEach(
            (id, before) ->
                assertTrue(
                    before >= RunnerMatrixTest.BATCH_ROWS,
                    transport
                        + " on "
                        + runner
                        + ": the bundle that failed at id "
                        + id
                        + " had passed only "
                        + before
                        + " rows to the write, less than one batch of "
                        + RunnerMatrixTest.BATCH_ROWS
                        + ": the failure came before anything was sent"));
      }
    }
    assertTrue(
        checked.containsAll(Set.of("file", "flight", "socket")),
        "retries checked only for " + checked);
  }
}
