package org.datastreamio.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.server.DataStreamFlightServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code datastream demo}: the main job on embedded defaults. Starts a Flight server in this process,
 * writes the demo rows into it with one Beam pipeline (parallel DoPut, committed exactly once), reads
 * them back with a second (parallel DoGet over the server's endpoints), and checks that every row
 * arrived exactly once and unchanged.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the main job on embedded defaults: an in-process Arrow Flight server and the",
        "Direct runner. Writes N rows with one pipeline, reads them back with another, checks every",
        "row arrived exactly once, and prints rows, MB and MB/s for each leg."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "1000000", description = "Rows to move (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--batch-rows", defaultValue = "16384", description = "Rows per Arrow record batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Mixin RunnerOptions runner;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
    }
    System.out.println("DataStream IO demo: " + String.format(Locale.ROOT, "%,d", rows) + " rows through Arrow Flight on the "
        + runner.runner);
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().host("127.0.0.1").port(0).start()) {
      String uri = server.uri("demo") + "?batchRows=" + batchRows;
      System.out.println("  server : embedded Flight server at " + server.location().getUri());

      Pipeline write = runner.newPipeline();
      write.apply("Sequence", GenerateSequence.from(0).to(rows))
          .apply("DemoRows", MapElements.into(TypeDescriptors.rows()).via(DemoRows::row))
          .setRowSchema(DemoRows.SCHEMA)
          .apply("WriteToFlight", DataStreamIO.write().to(uri));
      PipelineRun written = PipelineRun.run(write, "write", System.err);
      System.out.println("  write  : " + written.summary("rowsWritten", "bytesWritten")
          + " (" + written.counter("partsCommitted") + " parts committed exactly once)");

      Pipeline read = runner.newPipeline();
      read.apply("ReadFromFlight", DataStreamIO.read().from(uri))
          .apply("Verify", ParDo.of(new VerifyDemoRowsFn()));
      PipelineRun readBack = PipelineRun.run(read, "read", System.err);
      System.out.println("  read   : " + readBack.summary("rowsRead", "bytesRead")
          + " (" + readBack.counter("restrictionsRead") + " parallel reads)");

      String problem = VerifyDemoRowsFn.verdict(readBack.result, rows);
      if (problem != null) {
        System.out.println("  check  : FAILED: " + problem);
        return 2;
      }
      System.out.println("  check  : every row arrived exactly once, value for value");
      return 0;
    }
  }
}
