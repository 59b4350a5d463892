package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.datastreamio.socket.SocketTestData.readAll;
import static org.datastreamio.socket.SocketTestData.rows;
import static org.datastreamio.socket.SocketTestData.writeRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.testing.DeadUnixSocket;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.StderrWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What goes wrong on a socket fails loudly, naming the address and what to do. */
@Timeout(60)
class SocketFaultTest extends SocketTestBase {

  /** A complete IPC stream of two batches (rows 0..19), as pyarrow or any writer would send it. */
  private byte[] ipcStream() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
      writer.start();
      for (int b = 0; b < 2; b++) {
        SocketTestData.fill(root, b * 10L, 10);
        writer.writeBatch();
      }
      writer.end();
    }
    return bytes.toByteArray();
  }

  private static void sendRaw(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
    }
  }

  private static String failureOf(BatchSource source) {
    IOException e = assertThrows(IOException.class, () -> readAll(source));
    return e.getMessage();
  }

  static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }
  }

  @Test
  void streamWithoutEndMarkerIsTruncatedNotShort() throws Exception {
    int port = LoopbackPorts.next();
    byte[] stream = ipcStream();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      sendRaw(
          port, Arrays.copyOf(stream, stream.length - 8)); // both batches, no end-of-stream marker
      String message = failureOf(source);
      assertMentions(
          message,
          "connection 1 from 127.0.0.1:",
          "to socket://127.0.0.1:" + port,
          "after 2 record batches without the end-of-stream marker",
          "truncated");
    }
  }

  @Test
  void peerClosingMidBatchIsTruncated() throws Exception {
    int port = LoopbackPorts.next();
    byte[] stream = ipcStream();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      sendRaw(port, Arrays.copyOf(stream, stream.length - 100));
      assertMentions(
          failureOf(source),
          "connection 1 from 127.0.0.1:",
          "closed the connection in the middle of record batch 2",
          "after 1 complete record batches",
          "truncated");
    }
  }

  @Test
  void connectionResetMidStreamIsTruncated() throws Exception {
    int port = LoopbackPorts.next();
    byte[] stream = ipcStream();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(stream, 0, stream.length - 100);
        s.getOutputStream().flush();
        assertTrue(source.next(), "the first batch arrives");
        s.setSoLinger(true, 0); // close with a reset, as a killed peer's kernel may
      }
      String message = failureOf(source);
      assertMentions(message, "connection 1 from 127.0.0.1:", "record batch 2", "truncated");
    }
  }

  @Test
  void abortedJavaWriterFailsTheReader() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator);
      try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        SocketTestData.fill(root, 0, 10);
        sink.write(root);
      }
      sink.abort();
      assertMentions(failureOf(source), "without the end-of-stream marker", "truncated");
    }
  }

  @Test
  void garbageBytesAreNotArrow() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      sendRaw(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertMentions(
          failureOf(source),
          "connection 1 from 127.0.0.1:",
          "did not send an Arrow IPC stream",
          "its first bytes are 474554202F204854 (\"GET / HT\")",
          "pyarrow.ipc.new_stream");
    }
  }

  @Test
  void garbageAfterAPlausibleLengthIsNotArrowEither() throws Exception {
    int port = LoopbackPorts.next();
    byte[] bytes = new byte[64];
    ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(48);
    for (int i = 8; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 37);
    }
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      sendRaw(port, bytes);
      assertMentions(
          failureOf(source),
          "connection 1 from 127.0.0.1:",
          "sent bytes that are not a valid Arrow IPC stream while reading its schema");
    }
  }

  @Test
  void garbageAfterAValidSchemaIsNamedWithTheMessage() throws Exception {
    int port = LoopbackPorts.next();
    byte[] stream = ipcStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(stream, 0, schemaMessageLength(stream));
    bytes.write("garbage!garbage!garbage!".getBytes(StandardCharsets.US_ASCII));
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      sendRaw(port, bytes.toByteArray());
      assertMentions(
          failureOf(source),
          "connection 1 from 127.0.0.1:",
          "sent bytes that are not an Arrow IPC message where message 2 should start",
          "6761726261676521 (\"garbage!\")",
          "The stream is corrupt");
    }
  }

  /**
   * The bytes of the first (schema) message: prefix, metadata, padded to 8 as the writer aligns it.
   */
  private static int schemaMessageLength(byte[] stream) {
    int metadata = ByteBuffer.wrap(stream, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    return 8 + metadata;
  }

  @Test
  void arrowFileFormatGetsItsOwnHint() throws Exception {
    int port = LoopbackPorts.next();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(file))) {
      writer.start();
      SocketTestData.fill(root, 0, 3);
      writer.writeBatch();
      writer.end();
    }
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      sendRaw(port, file.toByteArray());
      assertMentions(failureOf(source), "sent the Arrow IPC file format", "new_stream");
    }
  }

  @Test
  void schemaMismatchNamesTheConnectionAndBothSchemas() throws Exception {
    int port = LoopbackPorts.next();
    Schema other =
        new Schema(List.of(new Field("id", FieldType.notNullable(new ArrowType.Utf8()), null)));
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=2")) {
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port),
              SinkContext.of("w", "a", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 5, 5);
      }
      assertTrue(source.next(), "first stream is read");
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port),
              SinkContext.of("w", "b", ""),
              other,
              allocator)) {
        sink.finish();
      } catch (IOException e) {
        // the reader may close the connection first; its error is the one under test
      }
      String message = failureOf(source);
      assertMentions(
          message,
          "Schema mismatch on socket://127.0.0.1:" + port,
          "connection 2 from 127.0.0.1:",
          "sent Schema<id: Utf8 not null>",
          "connection 1 from 127.0.0.1:",
          "had Schema<id: Int(64, true) not null, name: Utf8, score: FloatingPoint(DOUBLE)>");
    }
  }

  @Test
  void refusedConnectionNamesTheAddressAndTheFix() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig once = StreamConfig.parse("socket://127.0.0.1:" + port + "?retries=0");
    IOException e =
        assertThrows(
            IOException.class,
            () -> transport.openSink(once, SinkContext.of("w", "p", ""), SCHEMA, allocator));
    assertEquals(
        "Connection refused by socket://127.0.0.1:"
            + port
            + ": nothing is listening there. Start the listening side first"
            + " (a DataStreamIO read with role=listen, or a pyarrow listener), check the address, or raise the 'retries' parameter to wait longer for it.",
        e.getMessage());
    StreamConfig twice = StreamConfig.parse("socket://127.0.0.1:" + port + "?retries=1");
    assertMentions(
        assertThrows(
                IOException.class,
                () -> transport.openSink(twice, SinkContext.of("w", "p", ""), SCHEMA, allocator))
            .getMessage(),
        "Connecting to socket://127.0.0.1:"
            + port
            + " failed (after 2 attempts): Connection refused by socket://127.0.0.1:"
            + port);
    Path missing = tmp.resolve("nobody.sock");
    StreamConfig unix = StreamConfig.parse("unix://" + missing + "?retries=0");
    assertMentions(
        assertThrows(
                IOException.class,
                () -> transport.openSink(unix, SinkContext.of("w", "p", ""), SCHEMA, allocator))
            .getMessage(),
        "No Unix socket file at " + missing,
        "Start the listening side first");
  }

  @Test
  void connectTimeoutNamesTheAddress() throws Exception {
    // A listener that never accepts, with its backlog filled: the kernel drops further handshakes.
    try (ServerSocket full = new ServerSocket()) {
      full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      int port = full.getLocalPort();
      List<Socket> fillers = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket();
          try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
          } catch (SocketTimeoutException e) {
            // the backlog is already full
          }
          fillers.add(s);
        }
        StreamConfig config =
            StreamConfig.parse("socket://127.0.0.1:" + port + "?connectTimeout=300ms&retries=0");
        IOException e =
            assertThrows(
                IOException.class,
                () -> transport.openSink(config, SinkContext.of("w", "p", ""), SCHEMA, allocator));
        assertInstanceOf(SocketTimeoutException.class, e);
        assertEquals(
            "No answer from socket://127.0.0.1:"
                + port
                + " within connectTimeout 300 ms: check the host and any firewall,"
                + " or raise the connectTimeout parameter",
            e.getMessage());
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void diallingReaderRetriesUntilTheProducerIsUp() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig read =
        StreamConfig.parse("socket://127.0.0.1:" + port + "?role=connect&retries=20");
    try (StderrWatch log = new StderrWatch()) {
      Future<List<List<Object>>> got =
          pool.submit(
              () -> {
                try (BatchSource source =
                    transport.openSource(
                        read, transport.listPartitions(read, allocator).get(0), 0, allocator)) {
                  return readAll(source);
                }
              });
      // The producer comes up only once the reader was refused twice (and so retried).
      log.awaitLine(
          Duration.ofSeconds(30),
          "Connecting to socket://127.0.0.1:" + port,
          "failed (attempt 2 of 21), retrying");
      assertFalse(got.isDone(), "the reader is still retrying");
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port + "?role=listen&idleTimeout=20s"),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 50, 20);
      }
      assertEquals(rows(0, 50), got.get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void staleUnixSocketFileIsReplaced() throws Exception {
    Path sock = DeadUnixSocket.at(tmp.resolve("stale.sock"));
    assertTrue(Files.exists(sock), "stale file is there");
    try (BatchSource source = openOnly("unix://" + sock + "?streams=1")) {
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("unix://" + sock),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 40, 16);
      }
      assertEquals(rows(0, 40), readAll(source));
    }
    assertFalse(Files.exists(sock));
  }

  @Test
  void liveForeignUnixListenerIsNotStolen() throws Exception {
    Path sock = tmp.resolve("live.sock");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(sock));
      IOException e =
          assertThrows(IOException.class, () -> openOnly("unix://" + sock + "?streams=1"));
      assertEquals(
          "Cannot listen on unix://"
              + sock
              + ": another live process is listening on that socket file;"
              + " not taking it over. Stop that process or choose another socket path.",
          e.getMessage());
      // The owner still has its file and still accepts connections on it.
      assertTrue(Files.exists(sock));
      try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
        assertTrue(c.isConnected());
      }
    }
  }

  @Test
  void liveDataStreamUnixListenerIsNotStolen() throws Exception {
    Path sock = tmp.resolve("ours.sock");
    try (BatchSource first = openOnly("unix://" + sock + "?streams=1")) {
      IOException e =
          assertThrows(IOException.class, () -> openOnly("unix://" + sock + "?streams=1"));
      assertMentions(
          e.getMessage(),
          "Cannot listen on unix://" + sock + ": a live DataStream listener holds it",
          "not taking it over");
      // The first listener is undisturbed: it still receives a stream.
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("unix://" + sock),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 12, 5);
      }
      assertEquals(rows(0, 12), readAll(first));
    }
  }

  @Test
  void regularFileAtTheSocketPathIsLeftAlone() throws Exception {
    Path file = tmp.resolve("data.sock");
    Files.writeString(file, "precious");
    IOException e = assertThrows(IOException.class, () -> openOnly("unix://" + file));
    assertMentions(e.getMessage(), "exists and is not a socket file; not replacing it");
    assertEquals("precious", Files.readString(file));
  }

  @Test
  void tcpPortInUseIsNamed() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = busy.getLocalPort();
      IOException e = assertThrows(IOException.class, () -> openOnly("socket://127.0.0.1:" + port));
      assertMentions(
          e.getMessage(),
          "Cannot listen on socket://127.0.0.1:" + port,
          "Another listener (or a pipeline still running) holds that port");
    }
  }

  @Test
  void missingStreamsTimeOutWithTheCount() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source =
        openOnly("socket://127.0.0.1:" + port + "?streams=2&idleTimeout=300ms")) {
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 10, 10);
      }
      assertTrue(source.next());
      IOException e = assertThrows(IOException.class, () -> readAll(source));
      assertInstanceOf(SocketTimeoutException.class, e);
      assertEquals(
          "Listening on socket://127.0.0.1:"
              + port
              + ": received 1 of 2 expected streams (streams=2), then no connection for"
              + " idleTimeout 300 ms. Check that every writer ran and dialled this address, lower 'streams', or raise 'idleTimeout'.",
          e.getMessage());
    }
  }

  @Test
  void silentPeerTimesOut() throws Exception {
    int port = LoopbackPorts.next();
    byte[] stream = ipcStream();
    try (BatchSource source =
            openOnly("socket://127.0.0.1:" + port + "?streams=1&idleTimeout=300ms");
        Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(stream, 0, 200); // the schema and a little more, then nothing
      s.getOutputStream().flush();
      assertMentions(
          failureOf(source),
          "Reading the Arrow stream from connection 1 from 127.0.0.1:",
          "made no progress for 300 ms (idleTimeout)",
          "Raise the stream's idleTimeout");
    }
  }

  @Test
  void writerBeyondTheCountFailsInsteadOfLosingRows() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig write = StreamConfig.parse("socket://127.0.0.1:" + port);
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1");
        BatchSink first =
            transport.openSink(write, SinkContext.of("w", "first", ""), SCHEMA, allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      SocketTestData.fill(root, 0, 10);
      first.write(root);
      assertTrue(source.next(), "the first writer's stream is being read");
      // A second writer connects while the only expected stream is under way: it waits in the
      // backlog.
      Future<?> second =
          pool.submit(
              () -> {
                try (BatchSink sink =
                    transport.openSink(
                        write, SinkContext.of("w", "second", ""), SCHEMA, allocator)) {
                  writeRows(sink, allocator, 1000, 10, 10);
                }
                return null;
              });
      SocketTestData.fill(root, 10, 10);
      first.write(root);
      first.finish();
      List<List<Object>> rest = readAll(source);
      assertEquals(10, rest.size());
      java.util.concurrent.ExecutionException failed =
          assertThrows(java.util.concurrent.ExecutionException.class, second::get);
      // Reset while sending or while waiting for the reader's confirmation, or (when the second
      // writer
      // only got to connect after the read ended, as on a loaded machine) refused: a failure every
      // time.
      String message = failed.getCause().getMessage();
      assertMentions(message, "socket://127.0.0.1:" + port);
      assertTrue(
          message.contains("Connection refused")
              || (message.contains("Connection reset")
                  && (message.contains("did not confirm the stream")
                      || message.contains("The reader closed the connection or went away"))),
          message);
    }
  }

  @Test
  void pauseBetweenBatchesIsNotAStall() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source =
            openOnly("socket://127.0.0.1:" + port + "?streams=1&idleTimeout=20s");
        BatchSink sink =
            transport.openSink(
                StreamConfig.parse("socket://127.0.0.1:" + port + "?idleTimeout=200ms"),
                SinkContext.of("w", "p", ""),
                SCHEMA,
                allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      SocketTestData.fill(root, 0, 10);
      sink.write(root);
      Thread.sleep(
          600); // the pipeline is busy computing the next batch: the writer's idleTimeout does not
      // apply
      SocketTestData.fill(root, 10, 10);
      sink.write(root);
      sink.finish();
      assertEquals(rows(0, 20), readAll(source));
    }
  }

  @Test
  void listeningWriterWithoutConsumerTimesOut() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSink sink =
        transport.openSink(
            StreamConfig.parse("socket://127.0.0.1:" + port + "?role=listen&idleTimeout=200ms"),
            SinkContext.of("w", "p", ""),
            SCHEMA,
            allocator)) {
      IOException e = assertThrows(IOException.class, sink::finish);
      assertEquals(
          "No consumer connected to socket://127.0.0.1:"
              + port
              + " within idleTimeout 200 ms: start the reader (role=connect)"
              + " against this address, or raise 'idleTimeout'",
          e.getMessage());
    }
  }

  @Test
  void probeConnectionsAreNotStreams() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      new Socket("127.0.0.1", port).close(); // a health check: connects, sends nothing
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 25, 10);
      }
      assertEquals(rows(0, 25), readAll(source));
    }
  }

  @Test
  void readingAfterTheCountRefusesLateWriters() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      try (BatchSink sink =
          transport.openSink(
              StreamConfig.parse("socket://127.0.0.1:" + port),
              SinkContext.of("w", "p", ""),
              SCHEMA,
              allocator)) {
        writeRows(sink, allocator, 0, 5, 5);
      }
      assertEquals(rows(0, 5), readAll(source));
      IOException late =
          assertThrows(
              IOException.class,
              () ->
                  transport.openSink(
                      StreamConfig.parse("socket://127.0.0.1:" + port + "?retries=0"),
                      SinkContext.of("w", "late", ""),
                      SCHEMA,
                      allocator));
      assertMentions(late.getMessage(), "Connection refused by socket://127.0.0.1:" + port);
    }
  }
}
