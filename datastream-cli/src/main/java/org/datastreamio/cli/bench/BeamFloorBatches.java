package org.datastreamio.cli.bench;

import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.datastreamio.beam.ArrowBatch;
import org.datastreamio.beam.ArrowBatchCoder;

/**
 * {@code beam_floor_batches}: the two pipelines of {@code dsio_*_batches} with DataStreamIO taken
 * out. The write leg hands the pre-built batches to a step that drops them; the read leg hands them
 * to the counter the columnar contenders' readers use. What a runner spends on two pipelines that
 * move the batches, which {@code raw_*} (no runner) never pays: the columnar contenders' seconds
 * are also shown as a multiple of these.
 */
final class BeamFloorBatches implements Contender {
  static final String NAME = "beam_floor_batches";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "The columnar pipelines without the IO: hand the batches on and drop them, then count them";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    String runId = name() + "-" + UUID.randomUUID();
    SharedBatches.put(runId, run.data.beamBatches);
    try {
      Pipeline write = run.runner.newPipeline();
      batches(write, runId, run).apply("Drop", ParDo.of(new DropBatchesFn()));
      Pipeline read = run.runner.newPipeline();
      batches(read, runId, run).apply("Count", ParDo.of(new Arrivals.CountBatchRows(runId)));
      return DsioContender.writeThenRead(run, runId, write, read);
    } finally {
      SharedBatches.remove(runId);
    }
  }

  private static PCollection<ArrowBatch> batches(Pipeline p, String runId, BenchRun run) {
    return p.apply("BatchIndices", GenerateSequence.from(0).to(run.data.beamBatches.size()))
        .apply("Batches", ParDo.of(new SharedBatches.ByIndex(runId)))
        .setCoder(ArrowBatchCoder.of());
  }

  /** Drops every batch: the write leg's stand-in for the IO. */
  static final class DropBatchesFn extends DoFn<ArrowBatch, Void> {
    @ProcessElement
    public void process(@Element ArrowBatch batch) {}
  }
}
