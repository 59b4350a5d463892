package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.datastreamio.arrow.ArrowMemory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves Arrow memory allocated: every allocator in DataStream IO is a child of
 * {@link ArrowMemory}'s root, so its total must return to where it was before the test. Use with
 * {@code @ExtendWith(ArrowLeakCheck.class)}.
 */
public final class ArrowLeakCheck implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ArrowLeakCheck.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("before", ArrowMemory.allocatedBytes());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    long before = context.getStore(NS).get("before", Long.class);
    // Pipelines release memory in @Teardown, which some runners call just after run() returns.
    long deadline = System.nanoTime() + 10_000_000_000L;
    long now = ArrowMemory.allocatedBytes();
    while (now != before && System.nanoTime() < deadline) {
      Thread.sleep(50);
      now = ArrowMemory.allocatedBytes();
    }
    if (now != before) {
      fail(
          "Arrow memory leak in "
              + context.getDisplayName()
              + ": "
              + (now - before)
              + " bytes still allocated after the test.\n"
              + ArrowMemory.describe());
    }
  }
}
