package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.logging.LoggingObject;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.apache.hop.pipeline.transform.BaseTransform;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.rows.AllTypesRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A release step that fails in dispose() (an Arrow allocator that still holds memory) is logged and
 * counted as an error of the copy, and the steps after it still run: dispose() returns, so Hop can
 * mark the copy stopped and hop-run ends instead of waiting forever.
 */
class CopyReleaseTest {

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @Test
  void aFailingStepIsCountedAndTheNextStepsStillRun() throws Exception {
    LocalPipelineEngine engine =
        new LocalPipelineEngine(
            HopPipelines.writer("unused", AllTypesRows.rowMeta(), 1),
            new Variables(),
            new LoggingObject("copy-release-test"));
    engine.prepareExecution();
    try {
      BaseTransform<?, ?> copy =
          (BaseTransform<?, ?>) engine.getComponentCopies(HopPipelines.OUT).get(0);
      List<String> ran = new ArrayList<>();
      // A real leak, in a root of its own so that the process-wide one stays clean: closing the
      // child
      // while a buffer is held throws "Memory was leaked", as after a failure in a transform.
      RootAllocator isolated = new RootAllocator();
      BufferAllocator leaking = isolated.newChildAllocator("copy-release-test", 0, Long.MAX_VALUE);
      leaking.buffer(64);

      CopyRelease release = new CopyRelease(copy);
      release.step("release its Arrow memory", leaking::close); // throws: memory still held
      release.step("close the next thing", () -> ran.add("next"));

      assertEquals(1, copy.getErrors(), "the failed step counts as an error of the copy");
      assertEquals(List.of("next"), ran, "the steps after a failed one still run");
    } finally {
      engine.stopAll();
      engine.cleanup();
    }
  }
}
