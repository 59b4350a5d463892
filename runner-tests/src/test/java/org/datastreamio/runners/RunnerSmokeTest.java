package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Sum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each runner starts in this JVM and runs a shuffle; a failure here is about the classpath or JVM
 * flags.
 */
class RunnerSmokeTest {
  @ParameterizedTest
  @EnumSource(TestRunner.class)
  void runnerStartsAndShuffles(TestRunner runner) {
    Pipeline p = runner.pipeline();
    PAssert.thatSingleton(p.apply(GenerateSequence.from(0).to(1000)).apply(Sum.longsGlobally()))
        .isEqualTo(499_500L);
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
