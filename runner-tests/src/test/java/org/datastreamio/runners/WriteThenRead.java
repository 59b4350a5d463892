package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.datastreamio.testing.Pipelines;

/**
 * Runs a write pipeline and then its read pipeline; for a stream that holds no data (a socket), the
 * read starts first and runs while the write runs. A runner that cannot run two pipelines in one
 * JVM (Spark) is paired with the Direct runner instead, both ways round: its write to a Direct
 * read, and a Direct write to its read.
 */
final class WriteThenRead {
  private WriteThenRead() {}

  /**
   * The DataStreamIO counters of one write and its read (read as each ended), with the runners they
   * ran on.
   */
  record Run(
      TestRunner writer, Map<String, Long> write, TestRunner reader, Map<String, Long> read) {}

  /**
   * {@code build} makes a pipeline for (runner, isWrite) over {@code stream}; the read pipeline's
   * assertions are part of it.
   */
  static List<Run> run(
      TestRunner runner,
      RunnerFixture.Stream stream,
      BiFunction<TestRunner, Boolean, Pipeline> build)
      throws Exception {
    List<Run> runs = new ArrayList<>();
    if (!stream.readWhileWriting()) {
      Map<String, Long> w = RunnerMetrics.counters(finish(build.apply(runner, true)));
      runs.add(
          new Run(runner, w, runner, RunnerMetrics.counters(finish(build.apply(runner, false)))));
    } else if (runner.runsTwoPipelinesAtOnce()) {
      runs.add(concurrently(runner, runner, stream, build));
    } else {
      runs.add(concurrently(runner, TestRunner.DIRECT, stream, build));
      runs.add(concurrently(TestRunner.DIRECT, runner, stream, build));
    }
    return runs;
  }

  private static Run concurrently(
      TestRunner writer,
      TestRunner reader,
      RunnerFixture.Stream stream,
      BiFunction<TestRunner, Boolean, Pipeline> build)
      throws Exception {
    PipelineResult[] results = concurrently(build.apply(writer, true), build.apply(reader, false));
    return new Run(
        writer, RunnerMetrics.counters(results[0]), reader, RunnerMetrics.counters(results[1]));
  }

  /** Starts {@code read}, runs {@code write}, waits for both: {write result, read result}. */
  static PipelineResult[] concurrently(Pipeline write, Pipeline read) throws Exception {
    return concurrently(write, read, reading -> {});
  }

  /**
   * What must hold before the write starts, given the running read (which it may check for
   * failure).
   */
  interface ReadyToWrite {
    void await(CompletableFuture<PipelineResult> reading) throws Exception;
  }

  /**
   * As {@link #concurrently(Pipeline, Pipeline)}, starting the write only once {@code ready}
   * returns.
   */
  static PipelineResult[] concurrently(Pipeline write, Pipeline read, ReadyToWrite ready)
      throws Exception {
    // Cancelling the future would not stop the pipeline: keep its result to cancel that.
    if (read.getOptions().getRunner() == DirectRunner.class) {
      read.getOptions().as(DirectOptions.class).setBlockOnRun(false); // so run() hands it back
    }
    AtomicReference<PipelineResult> running = new AtomicReference<>();
    CompletableFuture<PipelineResult> reading =
        CompletableFuture.supplyAsync(
            () -> {
              PipelineResult r = read.run();
              running.set(r);
              assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
              return r;
            });
    PipelineResult w;
    try {
      ready.await(reading);
      w = finish(write);
    } catch (Exception | Error e) {
      Pipelines.stop(running.get(), reading, e);
      throw e;
    }
    return new PipelineResult[] {w, reading.get(10, TimeUnit.MINUTES)};
  }

  static PipelineResult finish(Pipeline p) {
    PipelineResult result = p.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    return result;
  }
}
