package org.datastreamio.hop.beam;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.datastreamio.testing.Pipelines;

/**
 * Direct-runner pipelines for 100k-row tests: the immutability check copies every element, so it is
 * off.
 */
public final class BeamPipelines {
  private BeamPipelines() {}

  public static Pipeline direct() {
    Pipeline pipeline = Pipelines.direct();
    pipeline.getOptions().as(DirectOptions.class).setEnforceImmutability(false);
    return pipeline;
  }
}
