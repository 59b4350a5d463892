package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.TypeTable;
import org.joda.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A streaming write: an unbounded, rate-limited sequence in one-second windows. Each window's rows
 * become visible when the window completes, while the pipeline still runs; at the end every row is
 * there exactly once.
 */
@ExtendWith(ArrowLeakCheck.class)
class StreamingWriteTest {
  private static final long ROWS = 3_000;
  private static final long ROWS_PER_SECOND = 500;
  private static final long MAX_HOLD_SECONDS = 120;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = TestRunner.class,
      names = {"DIRECT", "FLINK"})
  void windowsBecomeVisibleAsTheyComplete(TestRunner runner) throws Exception {
    for (String transport : RunnerFixtures.transports()) {
      try (RunnerFixture fixture = RunnerFixtures.open(transport, dir)) {
        RunnerFixture.Stream stream = fixture.freshStream("streaming");
        String uri = stream.writeUri();
        Pipeline write = runner.streamingPipeline();
        // The input ends only after the test has seen a committed window (or after MAX_HOLD).
        GatedSequence input =
            GatedSequence.of(ROWS, ROWS_PER_SECOND, MAX_HOLD_SECONDS, TimeUnit.SECONDS);
        PCollection<Row> rows =
            write
                .apply(Read.from(input))
                .apply(MapElements.into(TypeDescriptors.rows()).via(TypeTable::row))
                .setRowSchema(TypeTable.SCHEMA)
                .apply(Window.into(FixedWindows.of(Duration.standardSeconds(1))));
        rows.apply(DataStreamIO.write().to(uri).withBatchRows(100));

        Pipeline read = TestRunner.DIRECT.pipeline();
        PCollection<Row> readBack =
            read.apply(DataStreamIO.read().from(stream.readUri()).withSchema(TypeTable.SCHEMA));
        // No failure is injected: a socket stream too must deliver every row exactly once.
        TypeTableCheck.assertExactlyOnce(readBack, ROWS);
        if (stream.readWhileWriting()) {
          // A socket reader receives each bundle's stream when the bundle finishes; there is no
          // stored
          // stream to watch, so the check is that the concurrent reader got every row.
          input.open();
          WriteThenRead.concurrently(write, read);
          continue;
        }

        AtomicReference<PipelineResult> running = new AtomicReference<>();
        CompletableFuture<PipelineResult> run =
            CompletableFuture.supplyAsync(
                () -> {
                  PipelineResult r = write.run();
                  running.set(r);
                  r.waitUntilFinish();
                  return r;
                });
        // Watch the stream while the pipeline runs: committed windows must show up before it ends.
        int visibleWhileRunning = 0;
        String[] lastError = {""};
        PipelineResult result;
        try {
          while (!run.isDone()) {
            visibleWhileRunning = Math.max(visibleWhileRunning, partitions(uri, lastError));
            if (visibleWhileRunning > 0) {
              input.open();
            }
            Thread.sleep(50);
          }
          result = run.get(5, TimeUnit.MINUTES);
        } catch (Exception | Error e) {
          // Stopped, not left to MAX_HOLD: cancelled when the runner gave a handle, else its input
          // ends.
          input.open();
          Pipelines.stop(running.get(), run, e);
          throw e;
        }
        assertEquals(PipelineResult.State.DONE, result.getState());
        assertTrue(
            visibleWhileRunning > 0,
            transport
                + " on "
                + runner
                + ": no window's data was visible before the streaming pipeline ended; last listing error: "
                + lastError[0]);
        long parts = RunnerMetrics.counter(result, "partsCommitted");
        assertTrue(
            parts >= ROWS / ROWS_PER_SECOND,
            "expected parts of at least "
                + ROWS / ROWS_PER_SECOND
                + " windows, committed "
                + parts);

        WriteThenRead.finish(read);
      }
    }
  }

  /** How many partitions a reader would see now (0 while nothing is committed). */
  private static int partitions(String uri, String[] lastError) {
    StreamConfig config = StreamConfig.parse(uri);
    try (BufferAllocator allocator = ArrowMemory.newChild("streaming-watch")) {
      List<Partition> parts = Transports.forConfig(config).listPartitions(config, allocator);
      return parts.size();
    } catch (Exception notYet) {
      lastError[0] = String.valueOf(notYet); // e.g. no directory or stream before the first commit
      return 0;
    }
  }
}
