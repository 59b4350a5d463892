package org.datastreamio.testing;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Direct-runner pipelines for tests, with the runner's immutability and encodability checks on. */
public final class Pipelines {
  private Pipelines() {}

  public static Pipeline direct() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setBlockOnRun(true);
    options.setTargetParallelism(2);
    return Pipeline.create(options);
  }
}
