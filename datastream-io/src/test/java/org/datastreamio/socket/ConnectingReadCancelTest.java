package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.Channels;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancelled pipeline lets go of a read that dialled a producer: the connection is closed (the
 * producer sees its end) and the read's Arrow memory is released (checked when the test's allocator
 * closes, and by the read's own allocator, whose close would fail the cancel), long before the
 * read's idle timeout of ten minutes.
 */
class ConnectingReadCancelTest extends SocketTestBase {

  @Test
  @Timeout(120)
  void cancellingAConnectingReadClosesItsConnectionAndReleasesItsMemory() throws Exception {
    int port = LoopbackPorts.next();
    CountDownLatch sent = new CountDownLatch(1);
    try (ServerSocket producer = new ServerSocket()) {
      producer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      // A producer that sends part of a stream and then holds the connection open, as a stalled
      // one would; it returns once the reader has closed the connection.
      Future<Integer> afterClose =
          pool.submit(
              () -> {
                try (Socket s = producer.accept();
                    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                  ArrowStreamWriter writer =
                      new ArrowStreamWriter(root, null, Channels.newChannel(s.getOutputStream()));
                  writer.start();
                  for (int b = 0; b < 3; b++) {
                    SocketTestData.fill(root, b * 100L, 100);
                    writer.writeBatch();
                  }
                  s.getOutputStream().flush();
                  sent.countDown();
                  InputStream in = s.getInputStream();
                  try {
                    return in.read(); // -1 once the reader closed its end
                  } catch (SocketException reset) {
                    // The reader closed with unread bytes in its buffer, which TCP turns into a
                    // reset: closed all the same.
                    return -1;
                  }
                }
              });
      Pipeline p = Pipelines.directNotBlocking();
      p.apply(
          DataStreamIO.read()
              .from("socket://127.0.0.1:" + port + "?role=connect&idleTimeout=10m")
              .withSchema(SocketPipelineTest.BEAM_SCHEMA));
      PipelineResult result = p.run();
      try {
        sent.await(60, TimeUnit.SECONDS);
        Pipelines.cancelBlockedReads(result);
        assertEquals(-1, afterClose.get(90, TimeUnit.SECONDS), "the reader closed its connection");
      } finally {
        result.cancel();
      }
    }
  }
}
