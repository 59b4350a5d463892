package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Python process a test left running is gone before the next test starts. */
@ExtendWith(PyArrowProcesses.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PyArrowProcessesTest {
  private static Process left;

  @Test
  @Order(1)
  void aTestLeavesAPeerRunning() throws Exception {
    left = PyArrow.start("import time\ntime.sleep(600)");
    assertTrue(left.isAlive());
  }

  @Test
  @Order(2)
  void theNextTestFindsItKilled() {
    assertFalse(left.isAlive(), "the peer of the previous test still runs");
  }
}
