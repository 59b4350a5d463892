package org.datastreamio.hop.transforms;

import org.apache.hop.pipeline.transform.BaseTransform;

/**
 * The steps that release a transform copy's resources in {@code dispose()}. Hop marks a copy
 * stopped only after its dispose returns, so a step that throws (an Arrow allocator reporting a
 * leak after a failure) would leave hop-run waiting forever: each failing step is logged and
 * counted as an error of the copy, and the next step still runs.
 */
public final class CopyRelease {
  /** One release step. */
  public interface Step {
    void run() throws Exception;
  }

  private final BaseTransform<?, ?> transform;

  public CopyRelease(BaseTransform<?, ?> transform) {
    this.transform = transform;
  }

  public void step(String what, Step step) {
    try {
      step.run();
    } catch (Exception | LinkageError | AssertionError e) {
      transform.logError(
          "Transform '"
              + transform.getTransformName()
              + "' (copy "
              + transform.getCopy()
              + ") could not "
              + what
              + ": "
              + e.getMessage(),
          e);
      transform.setErrors(transform.getErrors() + 1);
    }
  }
}
