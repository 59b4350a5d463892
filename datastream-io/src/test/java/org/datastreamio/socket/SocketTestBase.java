package org.datastreamio.socket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrowProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every socket test needs: the transport, an allocator checked for leaks, threads for the
 * other end.
 */
@ExtendWith({ArrowLeakCheck.class, PyArrowProcesses.class})
abstract class SocketTestBase {
  final SocketTransport transport = new SocketTransport();
  BufferAllocator allocator;
  ExecutorService pool;

  @TempDir Path tmp;

  @BeforeEach
  void openAllocatorAndThreads() {
    allocator = ArrowMemory.newChild(getClass().getSimpleName());
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void closeThreadsAndAllocator() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "peer threads did not stop");
    allocator.close();
  }

  /** Opens the only partition of a stream (one port or one socket file) for reading. */
  BatchSource openOnly(String uri) throws IOException {
    StreamConfig config = StreamConfig.parse(uri);
    return transport.openSource(
        config, transport.listPartitions(config, allocator).get(0), 0, allocator);
  }
}
