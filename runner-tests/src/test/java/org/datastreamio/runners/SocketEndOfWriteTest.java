package org.datastreamio.runners;

import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On every runner, a listening socket read ends when the write pipeline into it ends (the write's
 * end-of-write marker), not after its idle timeout: the read's idle timeout is an hour and the
 * test's own timeout a few minutes. Nothing fails, so every row arrives exactly once.
 */
@ExtendWith(ArrowLeakCheck.class)
class SocketEndOfWriteTest {
  static final long ROWS = 50_000;

  @ParameterizedTest(name = "{0}")
  @EnumSource(TestRunner.class)
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void listeningReadEndsWhenItsWriterEnds(TestRunner runner) throws Exception {
    writeThenRead(runner, ROWS);
  }

  /**
   * No bundle writes a part, and the read only learns whom to tell from parts: the write's last
   * step sends a stream without batches first, so the read still ends with the write.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(TestRunner.class)
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void listeningReadEndsWhenItsWriterEndsWithNoRows(TestRunner runner) throws Exception {
    writeThenRead(runner, 0);
  }

  private static void writeThenRead(TestRunner runner, long count) throws Exception {
    RunnerFixture.Stream fresh = new SocketFixture().freshStream("end-of-write");
    String port = fresh.readUri().substring(0, fresh.readUri().indexOf('?'));
    RunnerFixture.Stream stream =
        new RunnerFixture.Stream(fresh.writeUri(), port + "?idleTimeout=1h", true);
    WriteThenRead.run(
        runner,
        stream,
        (r, isWrite) -> {
          Pipeline p = r.pipeline();
          if (isWrite) {
            TypeTableCheck.rows(p, count)
                .apply(DataStreamIO.write().to(stream.writeUri()).withBatchRows(2_000));
          } else {
            PCollection<Row> rows =
                p.apply(DataStreamIO.read().from(stream.readUri()).withSchema(TypeTable.SCHEMA));
            TypeTableCheck.assertExactlyOnce(rows, count);
          }
          return p;
        });
  }
}
