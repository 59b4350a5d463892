package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every runner x every registered transport: 200,000 rows of the full type table written, read, compared. */
@ExtendWith(ArrowLeakCheck.class)
class RunnerMatrixTest {
  static final long ROWS = 200_000;
  /** Several thousand rows a batch: the Direct runner checkpoints a splittable read every 100 outputs. */
  static final int BATCH_ROWS = 5_000;

  @TempDir Path dir;

  static Stream<Arguments> matrix() {
    return Stream.of(TestRunner.values())
        .flatMap(runner -> RunnerFixtures.transports().stream().map(transport -> Arguments.of(runner, transport)));
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("matrix")
  void typeTableRoundTrips(TestRunner runner, String transport) throws Exception {
    try (RunnerFixture fixture = RunnerFixtures.open(transport, dir)) {
      String uri = fixture.freshStream("matrix");

      Pipeline write = runner.pipeline();
      TypeTableCheck.rows(write, ROWS).apply(DataStreamIO.write().to(uri).withBatchRows(BATCH_ROWS));
      PipelineResult written = write.run();
      assertEquals(PipelineResult.State.DONE, written.waitUntilFinish());
      assertEquals(ROWS, RunnerMetrics.counter(written, "rowsWritten"));
      long batches = RunnerMetrics.counter(written, "batchesWritten");
      assertTrue(batches >= ROWS / BATCH_ROWS, "expected at least " + ROWS / BATCH_ROWS + " batches, wrote " + batches);
      StreamConfig config = StreamConfig.parse(uri);
      if (Transports.forConfig(config).requiresCommit(config)) {
        long parts = RunnerMetrics.counter(written, "partsCommitted");
        assertTrue(parts >= 2, "expected the write to run in several bundles, committed " + parts + " parts");
      }

      Pipeline read = runner.pipeline();
      PCollection<Row> rows = read.apply(DataStreamIO.read().from(uri).withSchema(TypeTable.SCHEMA));
      if (fixture.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
        TypeTableCheck.assertExactlyOnce(rows, ROWS);
      } else {
        TypeTableCheck.assertAtLeastOnce(rows, ROWS);
      }
      PipelineResult result = read.run();
      assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
      assertEquals(ROWS, RunnerMetrics.counter(result, "rowsRead"));
    }
  }
}
