package org.datastreamio.flight;

import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrowProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An allocator per test, and the pooled Flight clients closed after it, so the leak check sees all
 * memory back.
 */
@ExtendWith({ArrowLeakCheck.class, PyArrowProcesses.class})
abstract class FlightTestBase {
  protected BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = ArrowMemory.newChild("test");
  }

  @AfterEach
  void closeClientsAndAllocator() {
    FlightClientPool.closeIdleClients();
    allocator.close();
  }
}
