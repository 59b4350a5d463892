package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancelled pipeline lets go of its listening read at once: the port can be bound again and the
 * read's Arrow memory is released (ArrowLeakCheck), long before the read's idle timeout of ten
 * minutes.
 */
class ListeningReadCancelTest extends SocketTestBase {

  @Test
  @Timeout(120)
  void cancellingAListeningReadReleasesItsPortAndMemory() throws Exception {
    int port = LoopbackPorts.next();
    Pipeline p = Pipelines.directNotBlocking();
    p.apply(
        DataStreamIO.read()
            .from("socket://127.0.0.1:" + port + "?idleTimeout=10m")
            .withSchema(SocketPipelineTest.BEAM_SCHEMA));
    PipelineResult result = p.run();
    StreamConfig write = StreamConfig.parse("socket://127.0.0.1:" + port + "?retries=60");
    // A stream left open mid-way: the read holds its batches when the pipeline is cancelled.
    BatchSink sink = transport.openSink(write, SinkContext.of("w", "open", ""), SCHEMA, allocator);
    try {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        for (int b = 0; b < 3; b++) {
          SocketTestData.fill(root, b * 100L, 100);
          sink.write(root);
        }
      }
      Pipelines.cancelBlockedReads(result);
      awaitBindable(port);
    } finally {
      sink.abort();
    }
  }

  /** Waits (bounded by the test's timeout) until this JVM can listen on {@code port} itself. */
  private static void awaitBindable(int port) throws InterruptedException {
    long deadline = System.nanoTime() + 90_000_000_000L;
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return;
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    fail("Port " + port + " is still bound 90 s after the pipeline was cancelled: " + last);
  }
}
