package org.datastreamio.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.ParDo;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.ArrowBatchCoder;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.cli.bench.BenchData;
import org.datastreamio.cli.bench.SharedBatches;
import org.datastreamio.server.DataStreamFlightServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code datastream demo}: the main job on embedded defaults. Starts a Flight server in this
 * process, writes the demo rows into it with one Beam pipeline (parallel DoPut, committed exactly
 * once), reads them back with a second (parallel DoGet over the server's endpoints), and checks
 * that every row arrived exactly once and unchanged. Each Rows leg is also shown as a multiple of
 * the runner's floor (the same pipeline with DataStreamIO taken out), and the same rows then make a
 * columnar leg, as Arrow batches through the same server.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Runs the main job and checks that every row arrived once.",
    description = {
      "Runs the main job on embedded defaults: an in-process Arrow Flight server and the",
      "Direct runner. Writes N rows with one pipeline, reads them back with another, checks every",
      "row arrived exactly once, and prints rows, MB and MB/s for each leg, how many times the runner's",
      "own floor (the same pipeline without the IO) each leg took, and a columnar leg: the same rows as",
      "Arrow batches through the same server."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Rows to move (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--batch-rows",
      defaultValue = "16384",
      description = "Rows per Arrow record batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Mixin RunnerOptions runner;

  /**
   * The untimed first round moves as many rows as the timed one, up to this many. A short round
   * does not do: on 2 cores the JIT compiles Beam's, Arrow's and gRPC's code for most of the first
   * million rows, its threads taking more CPU than the runner's (docs/performance.md), so a leg
   * timed after a short round measures the compiler more than the IO.
   */
  private static final long WARM_UP_ROWS = 1_000_000;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("--batch-rows must be at least 1, got " + batchRows);
    }
    System.out.printf(
        Locale.ROOT,
        "DataStream IO demo: %,d rows through Arrow Flight on the %s (%d cores, load average %.1f)%n",
        rows,
        runner.runner,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder().host("127.0.0.1").port(0).start()) {
      System.out.println("  server : embedded Flight server at " + server.location().getUri());
      // An untimed round first: the runner's and the JIT's warm-up is no part of any leg or floor.
      String problem =
          rowsLegs(
              server.uri("demo-warmup") + "?batchRows=" + batchRows,
              Math.min(rows, WARM_UP_ROWS),
              false);
      if (problem == null) {
        problem = rowsLegs(server.uri("demo") + "?batchRows=" + batchRows, rows, true);
      }
      if (problem == null) {
        String runId = "demo-" + UUID.randomUUID();
        try (BenchData data = new BenchData(rows, batchRows)) {
          SharedBatches.put(runId, data.beamBatches);
          problem =
              columnarLegs(
                  server.uri("demo-batches-warmup") + "?batchRows=" + batchRows,
                  runId,
                  data,
                  false);
          if (problem == null) {
            problem =
                columnarLegs(
                    server.uri("demo-batches") + "?batchRows=" + batchRows, runId, data, true);
          }
        } finally {
          SharedBatches.remove(runId);
        }
      }
      if (problem != null) {
        System.out.println("  check  : FAILED: " + problem);
        return 2;
      }
      System.out.println(
          "  check  : every row arrived exactly once, value for value (digests of each row's id and values)");
      return 0;
    }
  }

  /**
   * Rows written with write() and read with read(), each next to its floor; null or what went
   * wrong. Prints the legs when {@code print} (not for the warm-up).
   */
  private String rowsLegs(String uri, long n, boolean print) {
    Pipeline write = runner.newPipeline();
    DemoRows.generate(write, n).apply("WriteToFlight", DataStreamIO.write().to(uri));
    PipelineRun written = PipelineRun.run(write, "write", System.err);
    // Each floor runs right after its leg, under the same conditions; it never runs first on a cold
    // JVM.
    Pipeline writeFloor = runner.newPipeline();
    DemoRows.generate(writeFloor, n).apply("Drop", ParDo.of(new DropRowsFn()));
    PipelineRun writeFloorRun = PipelineRun.run(writeFloor, "write floor", System.err);
    if (print) {
      System.out.println(
          "  write  : "
              + written.summary("rowsWritten", "bytesWritten")
              + " ("
              + written.counter("partsCommitted")
              + " parts committed exactly once)");
      System.out.println(
          timesFloor(written, writeFloorRun, "generating the rows and dropping them"));
    }

    Pipeline read = runner.newPipeline();
    read.apply("ReadFromFlight", DataStreamIO.read().from(uri))
        .apply("Verify", ParDo.of(new VerifyDemoRowsFn()));
    PipelineRun readBack = PipelineRun.run(read, "read", System.err);
    Pipeline readFloor = runner.newPipeline();
    DemoRows.generate(readFloor, n).apply("Verify", ParDo.of(new VerifyDemoRowsFn()));
    PipelineRun readFloorRun = PipelineRun.run(readFloor, "read floor", System.err);
    if (print) {
      System.out.println(
          "  read   : "
              + readBack.summary("rowsRead", "bytesRead")
              + " ("
              + readBack.counter("restrictionsRead")
              + " parallel reads, every row digested as it arrives)");
      System.out.println(
          timesFloor(readBack, readFloorRun, "generating the rows and digesting them"));
    }
    return DemoDigest.verdict(readBack.result, DemoDigest.ofRows(n));
  }

  /**
   * The same rows as pre-built Arrow batches, written with writeBatches() and read with
   * readBatches(); the timed read only counts, and a second read checks every row. Null or what
   * went wrong. Prints the legs when {@code print} (not for the warm-up).
   */
  private String columnarLegs(String uri, String runId, BenchData data, boolean print) {
    Pipeline write = runner.newPipeline();
    write
        .apply("BatchIndices", GenerateSequence.from(0).to(data.beamBatches.size()))
        .apply("Batches", ParDo.of(new SharedBatches.ByIndex(runId)))
        .setCoder(ArrowBatchCoder.of())
        .apply("WriteBatchesToFlight", DataStreamIO.writeBatches().to(uri));
    PipelineRun written = PipelineRun.run(write, "columnar write", System.err);
    if (print) {
      System.out.println(
          "  columnar write : "
              + written.summary("rowsWritten", "bytesWritten")
              + " ("
              + data.beamBatches.size()
              + " pre-built Arrow batches)");
    }

    Pipeline read = runner.newPipeline();
    read.apply("ReadBatchesFromFlight", DataStreamIO.readBatches().from(uri));
    PipelineRun readBack = PipelineRun.run(read, "columnar read", System.err);
    if (print) {
      System.out.println(
          "  columnar read  : "
              + readBack.summary("rowsRead", "bytesRead")
              + " ("
              + readBack.counter("restrictionsRead")
              + " parallel reads; a second, untimed read checks every row)");
    }

    Pipeline check = runner.newPipeline();
    check
        .apply("ReadBatchesFromFlight", DataStreamIO.readBatches().from(uri))
        .apply("Verify", ParDo.of(new VerifyDemoBatchesFn()));
    PipelineRun checked = PipelineRun.run(check, "columnar check", System.err);
    try (BufferAllocator allocator = ArrowMemory.newChild("datastream-demo-expected")) {
      String problem =
          DemoDigest.verdict(checked.result, DemoDigest.ofBatches(data.beamBatches, allocator));
      return problem == null ? null : "columnar leg: " + problem;
    }
  }

  private static String timesFloor(PipelineRun leg, PipelineRun floor, String floorDoes) {
    return String.format(
        Locale.ROOT,
        "           %.2fx the runner's floor: the same pipeline %s, without DataStreamIO,"
            + " takes %.2f s",
        leg.seconds / floor.seconds,
        floorDoes,
        floor.seconds);
  }
}
