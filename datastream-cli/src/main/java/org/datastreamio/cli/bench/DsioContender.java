package org.datastreamio.cli.bench;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.ParDo;
import org.datastreamio.beam.ArrowBatchCoder;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.cli.DemoRows;

/**
 * {@code dsio_<transport>_batches} and {@code dsio_<transport>_rows}: DataStreamIO writes the
 * dataset with one Beam pipeline and reads it back with another, on the bench's runner. The batches
 * variant moves the pre-built batches ({@code writeBatches}/{@code readBatches}); the rows variant
 * generates the demo rows in the pipeline and converts them both ways ({@code write}/{@code read}).
 */
final class DsioContender implements Contender {
  private final BenchTransport transport;
  private final boolean rows;

  DsioContender(BenchTransport transport, boolean rows) {
    this.transport = transport;
    this.rows = rows;
  }

  @Override
  public String name() {
    return "dsio_" + transport.name().toLowerCase(Locale.ROOT) + (rows ? "_rows" : "_batches");
  }

  @Override
  public String description() {
    return "DataStreamIO "
        + (rows ? "write()/read() of Beam Rows" : "writeBatches()/readBatches()")
        + " over "
        + transport.name().toLowerCase(Locale.ROOT)
        + ", write then read";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    String runId = name() + "-" + UUID.randomUUID();
    SharedBatches.put(runId, run.data.beamBatches);
    try (BenchTransport.Endpoint endpoint = transport.open(run, runId)) {
      Pipeline write = run.runner.newPipeline();
      if (rows) {
        DemoRows.generate(write, run.data.rows)
            .apply("Write", DataStreamIO.write().to(endpoint.writeUri));
      } else {
        write
            .apply("BatchIndices", GenerateSequence.from(0).to(run.data.beamBatches.size()))
            .apply("Batches", ParDo.of(new SharedBatches.ByIndex(runId)))
            .setCoder(ArrowBatchCoder.of())
            .apply("Write", DataStreamIO.writeBatches().to(endpoint.writeUri));
      }
      Pipeline read = run.runner.newPipeline();
      if (rows) {
        read.apply("Read", DataStreamIO.read().from(endpoint.readUri).withSchema(DemoRows.SCHEMA))
            .apply("Count", ParDo.of(new Arrivals.CountRows(runId)));
      } else {
        read.apply("Read", DataStreamIO.readBatches().from(endpoint.readUri))
            .apply("Count", ParDo.of(new Arrivals.CountBatchRows(runId)));
      }
      try {
        if (transport.concurrent()) {
          run.startClock();
          CompletableFuture<PipelineResult.State> reader =
              CompletableFuture.supplyAsync(() -> finish(read, "read"));
          endpoint.awaitReader(reader);
          finish(write, "write");
          Arrivals.await(runId, run.data.rows, 600_000, name());
          long received = Arrivals.counter(runId).get();
          run.stopClock();
          reader.get(); // the listening reader ends after its idle timeout; not part of the time
          return received;
        }
        return writeThenRead(run, runId, write, read);
      } finally {
        Arrivals.remove(runId);
      }
    } finally {
      SharedBatches.remove(runId);
    }
  }

  /**
   * Starts the clock, runs the write pipeline to its end, then the read pipeline, and returns the
   * rows the read counted under {@code runId} (whose counter it removes).
   */
  static long writeThenRead(BenchRun run, String runId, Pipeline write, Pipeline read) {
    try {
      run.startClock();
      finish(write, "write");
      finish(read, "read");
      return Arrivals.counter(runId).get();
    } finally {
      Arrivals.remove(runId);
    }
  }

  static PipelineResult.State finish(Pipeline pipeline, String leg) {
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(leg + " pipeline ended in state " + state);
    }
    return state;
  }
}
