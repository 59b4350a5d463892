package org.datastreamio.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kills the Python processes {@link PyArrow#start} started during a test when the test ends,
 * however it ends: a failed assertion must not leave a pyarrow server or writer running (holding
 * ports, files or memory) for the tests after it. Processes started in {@code @BeforeAll} go after
 * the last test of the class. Use with {@code @ExtendWith(PyArrowProcesses.class)}.
 */
public final class PyArrowProcesses
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(PyArrowProcesses.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("started", PyArrow.startedCount());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("started", PyArrow.startedCount());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    kill(PyArrow.startedSince(context.getStore(NS).get("started", Integer.class)));
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    kill(PyArrow.startedSince(context.getStore(NS).get("started", Integer.class)));
  }

  private static void kill(List<Process> processes) throws InterruptedException {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    for (Process p : processes) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
