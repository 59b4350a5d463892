package org.datastreamio.socket;

import static org.datastreamio.socket.SocketFaultTest.assertMentions;
import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.datastreamio.socket.SocketTestData.rows;
import static org.datastreamio.socket.SocketTestData.rowsOf;
import static org.datastreamio.socket.SocketTestData.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listening read meets a stream that ends early, as a writer bundle that failed leaves it: {@code
 * truncated=fail} (the default) fails naming the peer and the remedy, {@code truncated=drop} skips
 * the connection, keeps the batches it delivered, and still fails on bytes that are not Arrow.
 */
@Timeout(60)
class SocketTruncatedStreamTest extends SocketTestBase {
  /** End-of-stream marker: continuation and a zero length. */
  private static final int END_MARKER_BYTES = 8;

  /** A complete IPC stream of {@code batches} batches of 10 rows, from row {@code from}. */
  private byte[] ipcStream(Schema schema, long from, int batches) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
      writer.start();
      for (int b = 0; b < batches; b++) {
        SocketTestData.fill(root, from + b * 10L, 10);
        writer.writeBatch();
      }
      writer.end();
    }
    return bytes.toByteArray();
  }

  /** Schema and two batches (rows 0..19), then no end-of-stream marker. */
  private byte[] truncatedStream() throws IOException {
    byte[] stream = ipcStream(SCHEMA, 0, 2);
    return Arrays.copyOf(stream, stream.length - END_MARKER_BYTES);
  }

  private static void send(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
    }
  }

  @Test
  void truncatedFailsNamingThePeerAndTheRemedy() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      send(port, truncatedStream());
      send(port, ipcStream(SCHEMA, 1000, 3));
      IOException e = assertThrows(IOException.class, () -> SocketTestData.readAll(source));
      assertMentions(
          e.getMessage(),
          "connection 1 from 127.0.0.1:",
          "to socket://127.0.0.1:" + port,
          "after 2 record batches without the end-of-stream marker",
          "truncated",
          "read with truncated=drop");
      assertEquals(0, source.droppedStreams());
    }
  }

  @Test
  void truncatedDropKeepsItsBatchesAndReadsOnToTheCount() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?streams=1&truncated=drop")) {
      send(port, truncatedStream());
      send(port, ipcStream(SCHEMA, 1000, 3));
      List<List<Object>> expected =
          new ArrayList<>(rows(0, 20)); // what the truncated stream delivered
      expected.addAll(rows(1000, 30));
      assertEquals(sorted(expected), sorted(SocketTestData.readAll(source)));
      assertEquals(1, source.droppedStreams());
    }
  }

  @Test
  void connectionResetIsDroppedToo() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?streams=1&truncated=drop")) {
      List<List<Object>> got = new ArrayList<>();
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(truncatedStream());
        s.getOutputStream().flush();
        // Both batches are read before the reset, so what the reset cuts off is known.
        for (int b = 0; b < 2; b++) {
          assertTrue(source.next(), "batch " + (b + 1) + " of the stream that breaks off arrives");
          got.addAll(rowsOf(source.root()));
        }
        s.setSoLinger(true, 0); // close with a reset, as a killed peer's kernel may
      }
      send(port, ipcStream(SCHEMA, 1000, 3));
      got.addAll(SocketTestData.readAll(source));
      List<List<Object>> expected = new ArrayList<>(rows(0, 20));
      expected.addAll(rows(1000, 30));
      assertEquals(sorted(expected), sorted(got));
      assertEquals(1, source.droppedStreams());
    }
  }

  @Test
  void dropWithoutStreamsEndsWhenIdle() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?idleTimeout=1s&truncated=drop")) {
      send(port, ipcStream(SCHEMA, 1000, 1));
      send(port, truncatedStream());
      send(port, ipcStream(SCHEMA, 2000, 2));
      List<List<Object>> expected = new ArrayList<>(rows(0, 20));
      expected.addAll(rows(1000, 10));
      expected.addAll(rows(2000, 20));
      assertEquals(sorted(expected), sorted(SocketTestData.readAll(source)));
      assertEquals(1, source.droppedStreams());
    }
  }

  /**
   * Through DataStreamIO on the Direct runner: the dropped stream is counted in {@code
   * truncatedStreams}.
   */
  @Test
  void dataStreamIOReadCountsTheDroppedStream() throws Exception {
    int port = LoopbackPorts.next();
    Pipeline p = Pipelines.direct();
    PCollection<Row> read =
        p.apply(
            DataStreamIO.read()
                .from("socket://127.0.0.1:" + port + "?streams=1&truncated=drop")
                .withSchema(SocketPipelineTest.BEAM_SCHEMA));
    List<Row> expected = new ArrayList<>(SocketPipelineTest.beamRows(0, 20));
    expected.addAll(SocketPipelineTest.beamRows(1000, 30));
    PAssert.that(read).containsInAnyOrder(expected);
    Future<?> peers =
        pool.submit(
            () -> {
              sendOnceListening(port, truncatedStream());
              send(port, ipcStream(SCHEMA, 1000, 3));
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    peers.get();
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DataStreamIO.class, "truncatedStreams"))
                    .build());
    long dropped = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      dropped += c.getAttempted();
    }
    assertEquals(1, dropped, "truncatedStreams counter");
  }

  /** Sends once the pipeline listens: connection refused until then, for at most 30 s. */
  private static void sendOnceListening(int port, byte[] bytes) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        send(port, bytes);
        return;
      } catch (ConnectException e) {
        if (attempt >= 300) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void garbageStillFailsWithDrop() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?streams=1&truncated=drop")) {
      send(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      IOException e = assertThrows(IOException.class, () -> SocketTestData.readAll(source));
      assertMentions(
          e.getMessage(), "connection 1 from 127.0.0.1:", "did not send an Arrow IPC stream");
      assertEquals(0, source.droppedStreams());
    }
  }

  /**
   * Garbage where the second message should start, then the peer closes: corrupt, not truncated.
   */
  @Test
  void garbageAfterASchemaStillFailsWithDrop() throws Exception {
    int port = LoopbackPorts.next();
    byte[] stream = ipcStream(SCHEMA, 0, 1);
    int schemaMessage = 8 + ByteBuffer.wrap(stream, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(stream, 0, schemaMessage);
    bytes.write("garbage!garbage!".getBytes(StandardCharsets.US_ASCII));
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?streams=1&truncated=drop")) {
      send(port, bytes.toByteArray());
      IOException e = assertThrows(IOException.class, () -> SocketTestData.readAll(source));
      assertMentions(
          e.getMessage(),
          "connection 1 from 127.0.0.1:",
          "not an Arrow IPC message where message 2 should start");
      assertEquals(0, source.droppedStreams());
    }
  }

  @Test
  void schemaMismatchStillFailsWithDrop() throws Exception {
    int port = LoopbackPorts.next();
    // The same columns, but 'name' declared non-nullable.
    Schema other =
        new Schema(
            List.of(
                SCHEMA.getFields().get(0),
                new Field("name", FieldType.notNullable(new ArrowType.Utf8()), null),
                SCHEMA.getFields().get(2)));
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?streams=2&truncated=drop")) {
      send(port, ipcStream(SCHEMA, 0, 1));
      assertTrue(source.next(), "the first stream's batch arrives");
      byte[] mismatched = ipcStream(other, 0, 1);
      send(
          port,
          Arrays.copyOf(
              mismatched,
              mismatched.length - END_MARKER_BYTES)); // truncated as well: the schema decides
      IOException e = assertThrows(IOException.class, () -> SocketTestData.readAll(source));
      assertMentions(e.getMessage(), "Schema mismatch", "connection 2 from 127.0.0.1:");
      assertEquals(0, source.droppedStreams());
    }
  }

  @Test
  void dropIsForListeningReadsAndOtherValuesAreNamed() {
    IllegalArgumentException connect =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                transport.validate(
                    StreamConfig.parse("socket://127.0.0.1:9000?role=connect&truncated=drop")));
    assertMentions(connect.getMessage(), "truncated=drop", "role=connect", "listening read");
    IllegalArgumentException value =
        assertThrows(
            IllegalArgumentException.class,
            () -> transport.validate(StreamConfig.parse("socket://127.0.0.1:9000?truncated=skip")));
    assertMentions(value.getMessage(), "'truncated'", "fail, drop", "'skip'");
  }
}
