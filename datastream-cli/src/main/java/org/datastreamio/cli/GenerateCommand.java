package org.datastreamio.cli;

import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.datastreamio.beam.DataStreamIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code datastream generate}: writes the synthetic demo rows to a stream. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    header = "Writes N synthetic rows to a stream.",
    description = {
      "Writes N synthetic rows to a stream with a Beam pipeline.",
      "Schema: id INT64, customer STRING, amount DOUBLE, price DECIMAL(18,2), ts TIMESTAMP(us, UTC),",
      "paid BOOLEAN, tags ARRAY<STRING>, address ROW(city STRING, zip INT32), note STRING (nullable)."
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "How many rows (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URI",
      description = "Where to write, e.g. file:///tmp/orders.")
  String to;

  @Mixin RunnerOptions runner;

  @Override
  public Integer call() {
    if (rows < 0) {
      throw new IllegalArgumentException("--rows must be >= 0, got " + rows);
    }
    Pipeline p = runner.newPipeline(to);
    DemoRows.generate(p, rows).apply("Write", DataStreamIO.write().to(to));
    PipelineRun run = PipelineRun.run(p, "generate", System.err);
    System.out.println(
        "generate: wrote " + run.summary("rowsWritten", "bytesWritten") + " to " + to);
    return 0;
  }
}
