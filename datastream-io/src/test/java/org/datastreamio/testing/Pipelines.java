package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
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

  /**
   * As {@link #direct()}, but {@code run()} returns at once, so the test holds a handle to cancel.
   */
  public static Pipeline directNotBlocking() {
    Pipeline p = direct();
    p.getOptions().as(DirectOptions.class).setBlockOnRun(false);
    return p;
  }

  /**
   * Cancels a running Direct pipeline whose reads are blocked, and checks that it ended by the
   * cancel. The Direct runner tears the reads' DoFns down before it marks the pipeline cancelled,
   * and the teardown makes a blocked read fail with its cancellation error; the runner then reports
   * whichever end it saw first. So {@code FAILED} is accepted only with that error, never another.
   */
  public static void cancelBlockedReads(PipelineResult result) throws java.io.IOException {
    PipelineResult.State state = result.cancel();
    if (state == PipelineResult.State.CANCELLED) {
      return;
    }
    assertEquals(PipelineResult.State.FAILED, state, "the pipeline ended by its cancel");
    try {
      result.waitUntilFinish(org.joda.time.Duration.standardSeconds(30));
    } catch (RuntimeException failed) {
      for (Throwable t = failed; t != null; t = t.getCause()) {
        if (String.valueOf(t.getMessage()).contains("was cancelled (its pipeline was cancelled)")) {
          return;
        }
      }
      throw new AssertionError("the pipeline failed for another reason than its cancel", failed);
    }
  }

  /**
   * Cancels a pipeline the test gives up on ({@code running}, null when its runner gave no handle
   * before the end, as Flink local does) and waits up to two minutes for {@code finishing}, the
   * thread waiting for it, so it holds no port or thread into the next test. What goes wrong is
   * added to {@code cause}.
   */
  public static void stop(PipelineResult running, Future<?> finishing, Throwable cause) {
    try {
      if (running != null) {
        running.cancel();
      }
    } catch (Exception | Error e) {
      cause.addSuppressed(e);
    }
    try {
      finishing.get(2, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.CancellationException e) {
      // its failure is the cancellation's or the test's
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
