package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
 * transports every row at least once.
 */
@ExtendWith(ArrowLeakCheck.class)
class RetryTest {
  private static final long ROWS = 50_000;
  /** Rows whose bundles fail once: spread so that several bundles fail, late in their bundle. */
  private static final Set<Long> FAIL_IDS = Set.of(4_999L, 24_999L, 49_999L);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestRunner.class, names = {"FLINK", "SPARK"})
  void retriedBundlesLeaveEveryRowOnceOrAtLeastOnce(TestRunner runner) throws Exception {
    for (String transport : RunnerFixtures.transports()) {
      Path markers = Files.createDirectories(dir.resolve("markers-" + transport));
      try (RunnerFixture fixture = RunnerFixtures.open(transport, dir)) {
        String uri = fixture.freshStream("retried");

        Pipeline write = runner.retryingPipeline();
        TypeTableCheck.rows(write, ROWS)
            .apply("FailFirstAttempt", ParDo.of(new FailFirstAttempt(markers, FAIL_IDS)))
            .setRowSchema(TypeTable.SCHEMA)
            .apply(DataStreamIO.write().to(uri).withBatchRows(RunnerMatrixTest.BATCH_ROWS));
        assertEquals(PipelineResult.State.DONE, write.run().waitUntilFinish());
        assertEquals(FAIL_IDS.size(), FailFirstAttempt.failures(markers), "every chosen bundle failed once");

        Pipeline read = runner.pipeline();
        PCollection<Row> rows = read.apply(DataStreamIO.read().from(uri).withSchema(TypeTable.SCHEMA));
        if (fixture.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
          TypeTableCheck.assertExactlyOnce(rows, ROWS);
        } else {
          TypeTableCheck.assertAtLeastOnce(rows, ROWS);
        }
        assertEquals(PipelineResult.State.DONE, read.run().waitUntilFinish());
      }
    }
  }
}
