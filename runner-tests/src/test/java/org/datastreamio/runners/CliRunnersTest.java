package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.cli.DataStreamCli;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code datastream copy --runner FlinkRunner|SparkRunner --parallelism 2} copies every row of the
 * type table.
 */
@ExtendWith(ArrowLeakCheck.class)
class CliRunnersTest {
  private static final long ROWS = 20_000;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"FlinkRunner", "SparkRunner"})
  void copyRunsOnTheRunner(String runner) {
    String in = "file://" + dir.resolve("in");
    String out = "file://" + dir.resolve("out");
    Pipeline write = TestRunner.DIRECT.pipeline();
    TypeTableCheck.rows(write, ROWS).apply(DataStreamIO.write().to(in).withBatchRows(2_000));
    WriteThenRead.finish(write);

    int exit =
        DataStreamCli.execute(
            "copy", "--runner", runner, "--parallelism", "2", "--from", in, "--to", out);
    assertEquals(
        0,
        exit,
        "datastream copy --runner " + runner + " exit code (its error is on stderr above)");

    Pipeline read = TestRunner.DIRECT.pipeline();
    TypeTableCheck.assertExactlyOnce(
        read.apply(DataStreamIO.read().from(out).withSchema(TypeTable.SCHEMA)), ROWS);
    WriteThenRead.finish(read);
  }
}
