package org.datastreamio.cli.bench;

import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.ParDo;
import org.datastreamio.cli.DemoRows;
import org.datastreamio.cli.DropRowsFn;

/**
 * {@code beam_floor_rows}: the two pipelines of {@code dsio_*_rows} with DataStreamIO taken out.
 * The write leg generates the rows and drops them; the read leg generates them and counts them as
 * the Rows contenders' readers do. What no IO can go below on this runner: every Rows contender's
 * seconds are also shown as a multiple of these.
 */
final class BeamFloorRows implements Contender {
  static final String NAME = "beam_floor_rows";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "The Rows pipelines without the IO: generate and drop, then generate and count";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    String runId = name() + "-" + UUID.randomUUID();
    Pipeline write = run.runner.newPipeline();
    DemoRows.generate(write, run.data.rows).apply("Drop", ParDo.of(new DropRowsFn()));
    Pipeline read = run.runner.newPipeline();
    DemoRows.generate(read, run.data.rows).apply("Count", ParDo.of(new Arrivals.CountRows(runId)));
    return DsioContender.writeThenRead(run, runId, write, read);
  }
}
