package org.datastreamio.cli;

import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.StreamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code datastream copy}: reads one stream and writes another with a Beam pipeline. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    header = "Copies a stream into another with a Beam pipeline.",
    description = {
      "Copies a stream into another with a Beam pipeline, e.g. files into a Flight server.",
      "By default batches pass through as Arrow (the schema travels with every batch, so a socket",
      "whose schema is only known once data arrives works too); --via rows converts through Beam Rows."
    })
final class CopyCommand implements Callable<Integer> {
  enum Via {
    batches,
    rows
  }

  @Option(
      names = "--from",
      required = true,
      paramLabel = "URI",
      description = "The stream to read.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "URI", description = "The stream to write.")
  String to;

  @Option(names = "--via", defaultValue = "batches", description = "batches (default) or rows.")
  Via via;

  @Mixin RunnerOptions runner;

  @Override
  public Integer call() {
    refuseOverlap(StreamConfig.parse(from), StreamConfig.parse(to));
    Pipeline p = runner.newPipeline(from, to);
    if (via == Via.rows) {
      p.apply("Read", DataStreamIO.read().from(from)).apply("Write", DataStreamIO.write().to(to));
    } else {
      p.apply("Read", DataStreamIO.readBatches().from(from))
          .apply("Write", DataStreamIO.writeBatches().to(to));
    }
    PipelineRun run = PipelineRun.run(p, "copy", System.err);
    System.out.println(
        "copy: " + run.summary("rowsWritten", "bytesWritten") + " from " + from + " to " + to);
    if (run.counter("rowsWritten") == 0) {
      // A batch copy learns the schema from the data: with no batch there is nothing to write a
      // file of.
      System.err.println(
          "copy: nothing arrived from "
              + from
              + ", so nothing was written to "
              + to
              + "; a read of it will find no data.");
    }
    return 0;
  }

  /**
   * A copy into its own source would read its own output (rows doubled) or replace what it reads.
   */
  static void refuseOverlap(StreamConfig source, StreamConfig target) {
    if (!source.scheme().equals(target.scheme())
        || !source.authority().equals(target.authority())) {
      return;
    }
    String a = withSlash(source.path());
    String b = withSlash(target.path());
    if (a.startsWith(b) || b.startsWith(a)) {
      throw new IllegalArgumentException(
          "copy would read its own output: --from "
              + source.location()
              + " and --to "
              + target.location()
              + " are the same location or one holds the other. Copy to a separate location.");
    }
  }

  private static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }
}
