package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every runner x every registered transport: 200,000 rows of the full type table written, read,
 * compared; with no failure injected, every row exactly once whatever the transport's guarantee.
 */
@ExtendWith(ArrowLeakCheck.class)
class RunnerMatrixTest {
  static final long ROWS = 200_000;

  /**
   * Several thousand rows a batch: the Direct runner checkpoints a splittable read every 100
   * outputs.
   */
  static final int BATCH_ROWS = 5_000;

  @TempDir Path dir;

  static Stream<Arguments> matrix() {
    return Stream.of(TestRunner.values())
        .flatMap(
            runner ->
                RunnerFixtures.transports().stream()
                    .map(transport -> Arguments.of(runner, transport)));
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("matrix")
  void typeTableRoundTrips(TestRunner runner, String transport) throws Exception {
    try (RunnerFixture fixture = RunnerFixtures.open(transport, dir)) {
      RunnerFixture.Stream stream = fixture.freshStream("matrix");
      for (WriteThenRead.Run run :
          WriteThenRead.run(
              runner,
              stream,
              (r, isWrite) -> {
                if (isWrite) {
                  Pipeline write = r.pipeline();
                  TypeTableCheck.rows(write, ROWS)
                      .apply(DataStreamIO.write().to(stream.writeUri()).withBatchRows(BATCH_ROWS));
                  return write;
                }
                Pipeline read = r.pipeline();
                PCollection<Row> rows =
                    read.apply(
                        DataStreamIO.read().from(stream.readUri()).withSchema(TypeTable.SCHEMA));
                // Nothing fails here, so even an at-least-once transport (a socket) must deliver
                // every row once: duplicates are allowed only for bundles that failed (RetryTest).
                TypeTableCheck.assertExactlyOnce(rows, ROWS);
                return read;
              })) {
        String where = transport + ", write on " + run.writer() + ", read on " + run.reader();
        long batches = run.write().getOrDefault("batchesWritten", 0L);
        assertTrue(
            batches >= ROWS / BATCH_ROWS,
            where + ": expected at least " + ROWS / BATCH_ROWS + " batches, wrote " + batches);
        StreamConfig config = StreamConfig.parse(stream.writeUri());
        if (Transports.forConfig(config).requiresCommit(config)) {
          long parts = run.write().getOrDefault("partsCommitted", 0L);
          assertTrue(
              parts >= 2,
              where
                  + ": expected the write to run in several bundles, committed "
                  + parts
                  + " parts");
        }
        assertEquals(ROWS, run.write().getOrDefault("rowsWritten", 0L), where + ", rowsWritten");
        assertEquals(ROWS, run.read().getOrDefault("rowsRead", 0L), where + ", rowsRead");
      }
    }
  }
}
