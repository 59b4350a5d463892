package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.datastreamio.socket.SocketTestData.readAll;
import static org.datastreamio.socket.SocketTestData.rows;
import static org.datastreamio.socket.SocketTestData.sorted;
import static org.datastreamio.socket.SocketTestData.writeRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.IpcCodecs;
import org.datastreamio.testing.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java writer to Java reader through the SPI, over loopback TCP and Unix sockets. */
@Timeout(60)
class SocketTransportTest extends SocketTestBase {

  private Future<List<List<Object>>> writeAsync(
      StreamConfig config, String partId, long from, int count, int batchRows) {
    return pool.submit(
        () -> {
          try (BatchSink sink =
              transport.openSink(config, SinkContext.of("w", partId, ""), SCHEMA, allocator)) {
            writeRows(sink, allocator, from, count, batchRows);
          }
          return rows(from, count);
        });
  }

  @Test
  void foundByServiceLoaderForBothSchemes() {
    assertTrue(
        Transports.forConfig(StreamConfig.parse("socket://127.0.0.1:9000?role=listen&streams=2"))
            instanceof SocketTransport);
    assertTrue(
        Transports.forConfig(StreamConfig.parse("unix:///tmp/x.sock")) instanceof SocketTransport);
    assertEquals(
        DeliveryGuarantee.AT_LEAST_ONCE,
        transport.deliveryGuarantee(StreamConfig.parse("socket://127.0.0.1:9000")));
    assertFalse(transport.requiresCommit(StreamConfig.parse("socket://127.0.0.1:9000")));
  }

  @Test
  void javaWriterToListeningReaderOverTcp() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig read = StreamConfig.parse("socket://127.0.0.1:" + port + "?streams=1");
    assertTrue(transport.discoverSchema(read, allocator).isEmpty());
    try (BatchSource source = openOnly(read.toUri())) {
      Future<List<List<Object>>> sent =
          writeAsync(StreamConfig.parse("socket://127.0.0.1:" + port), "p1", 0, 2500, 1000);
      assertEquals(SCHEMA, source.schema());
      List<List<Object>> got = readAll(source);
      assertEquals(sorted(sent.get()), sorted(got));
      assertEquals(2500, got.size());
    }
  }

  @Test
  void writtenPartNamesTheAddressAndCounts() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      Future<org.datastreamio.spi.WrittenPart> part =
          pool.submit(
              () -> {
                try (BatchSink sink =
                    transport.openSink(
                        StreamConfig.parse("socket://127.0.0.1:" + port),
                        SinkContext.of("w", "p", "win1"),
                        SCHEMA,
                        allocator)) {
                  return writeRows(sink, allocator, 0, 30, 10);
                }
              });
      assertEquals(rows(0, 30), readAll(source));
      // A DataStream listening read acknowledged it: the read and its stream number follow the
      // address.
      assertTrue(
          part.get()
              .location()
              .matches(
                  "socket://127\\.0\\.0\\.1:"
                      + port
                      + "#read=[0-9a-f-]{36}&stream=1&ports="
                      + port
                      + "-"
                      + port),
          part.get().location());
      assertEquals("win1", part.get().windowTag());
      assertEquals(30, part.get().rows());
      assertEquals(3, part.get().batches());
      assertTrue(part.get().bytes() > 0);
    }
  }

  @Test
  void manyWritersIntoOneListenerMerge() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig write = StreamConfig.parse("socket://127.0.0.1:" + port);
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=6")) {
      List<Future<List<List<Object>>>> writers = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        writers.add(writeAsync(write, "part-" + w, w * 10_000L, 3000 + w * 17, 700));
      }
      List<List<Object>> got = readAll(source);
      List<List<Object>> expected = new ArrayList<>();
      for (Future<List<List<Object>>> f : writers) {
        expected.addAll(f.get());
      }
      assertEquals(sorted(expected), sorted(got));
    }
  }

  @Test
  void emptyStreamCountsAsAStream() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=2")) {
      Future<?> empty = writeAsync(StreamConfig.parse("socket://127.0.0.1:" + port), "e", 0, 0, 10);
      Future<List<List<Object>>> some =
          writeAsync(StreamConfig.parse("socket://127.0.0.1:" + port), "s", 5, 12, 5);
      List<List<Object>> got = readAll(source);
      empty.get();
      assertEquals(sorted(some.get()), sorted(got));
    }
  }

  @Test
  void portRangeSpreadsBundlesAndReadsInParallel() throws Exception {
    int first = LoopbackPorts.range(2);
    String range = "127.0.0.1:" + first + "-" + (first + 1);
    StreamConfig read = StreamConfig.parse("socket://" + range + "?idleTimeout=5s");
    List<Partition> partitions = transport.listPartitions(read, allocator);
    assertEquals(
        List.of("socket://127.0.0.1:" + first, "socket://127.0.0.1:" + (first + 1)),
        List.of(partitions.get(0).name(), partitions.get(1).name()));
    List<BatchSource> sources = new ArrayList<>();
    try {
      for (Partition p : partitions) {
        sources.add(transport.openSource(read, p, 0, allocator));
      }
      List<Future<List<List<Object>>>> readers = new ArrayList<>();
      for (BatchSource s : sources) {
        readers.add(pool.submit(() -> readAll(s)));
      }
      StreamConfig write = StreamConfig.parse("socket://" + range);
      Set<String> used = new HashSet<>();
      List<List<Object>> expected = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        try (BatchSink sink =
            transport.openSink(write, SinkContext.of("w", "bundle-" + w, ""), SCHEMA, allocator)) {
          used.add(writeRows(sink, allocator, w * 1000L, 150, 64).location().replaceAll("#.*", ""));
        }
        expected.addAll(rows(w * 1000L, 150));
      }
      assertEquals(
          Set.of("socket://127.0.0.1:" + first, "socket://127.0.0.1:" + (first + 1)),
          used,
          "bundles use both ports");
      List<List<Object>> got = new ArrayList<>();
      for (Future<List<List<Object>>> r : readers) {
        List<List<Object>> part = r.get();
        assertFalse(part.isEmpty(), "each port received rows");
        got.addAll(part);
      }
      assertEquals(sorted(expected), sorted(got));
    } finally {
      for (BatchSource s : sources) {
        s.close();
      }
    }
  }

  @Test
  void compressedStreamsRoundTrip() throws Exception {
    for (String codec : List.of("zstd", "lz4")) {
      int port = LoopbackPorts.next();
      try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
        Future<List<List<Object>>> sent =
            writeAsync(
                StreamConfig.parse("socket://127.0.0.1:" + port + "?compression=" + codec),
                "c",
                0,
                4000,
                1500);
        assertEquals(sorted(sent.get()), sorted(readAll(source)), codec);
      }
    }
  }

  @Test
  void theCodecAskedForIsOnTheWire() throws Exception {
    for (String codec : List.of("none", "zstd", "lz4")) {
      // A plain socket takes the writer's bytes as they are, for their IPC metadata.
      try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Future<List<List<Object>>> sent =
            writeAsync(
                StreamConfig.parse(
                    "socket://127.0.0.1:" + listener.getLocalPort() + "?compression=" + codec),
                "c",
                0,
                4000,
                1500);
        byte[] wire;
        try (Socket s = listener.accept()) {
          wire = s.getInputStream().readAllBytes();
        }
        assertEquals(4000, sent.get().size());
        assertEquals(
            Collections.nCopies(3, IpcCompression.valueOf(codec.toUpperCase()).codecType()),
            IpcCodecs.of(wire),
            codec + ": the codec of each record batch sent");
      }
    }
  }

  @Test
  void listeningWriterServesADiallingReader() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig write =
        StreamConfig.parse("socket://127.0.0.1:" + port + "?role=listen&idleTimeout=20s");
    BatchSink sink = transport.openSink(write, SinkContext.of("w", "p", ""), SCHEMA, allocator);
    Future<?> writer =
        pool.submit(
            () -> {
              try (sink) {
                return writeRows(sink, allocator, 100, 900, 250);
              }
            });
    StreamConfig read =
        StreamConfig.parse("socket://127.0.0.1:" + port + "?role=connect&retries=5");
    try (BatchSource source = openOnly(read.toUri())) {
      assertEquals(SCHEMA, source.schema());
      assertEquals(rows(100, 900), readAll(source));
    }
    assertEquals(900L, ((org.datastreamio.spi.WrittenPart) writer.get()).rows());
  }

  @Test
  void unixSocketRoundTripWithOwnerOnlyFileRemovedOnClose() throws Exception {
    Path sock = tmp.resolve("rt.sock");
    StreamConfig read = StreamConfig.parse("unix://" + sock + "?streams=2");
    assertEquals(
        List.of("unix://" + sock),
        List.of(transport.listPartitions(read, allocator).get(0).name()));
    try (BatchSource source = openOnly(read.toUri())) {
      assertTrue(Files.exists(sock));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
      Future<List<List<Object>>> a =
          writeAsync(StreamConfig.parse("unix://" + sock), "a", 0, 777, 100);
      Future<List<List<Object>>> b =
          writeAsync(StreamConfig.parse("unix://" + sock), "b", 5000, 333, 100);
      List<List<Object>> got = readAll(source);
      List<List<Object>> expected = new ArrayList<>(a.get());
      expected.addAll(b.get());
      assertEquals(sorted(expected), sorted(got));
    }
    assertFalse(Files.exists(sock), "socket file removed on close");
    assertFalse(Files.exists(tmp.resolve("rt.sock.lock")), "lock file removed on close");
  }

  @Test
  void listenerEndsAfterIdleTimeoutWhenNoCountIsGiven() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?idleTimeout=300ms")) {
      assertEquals(List.of(), readAll(source));
    }
  }

  @Test
  void invalidUrisFailNamingTheProblem() {
    assertEquals(
        "Socket stream socket://127.0.0.1 has no port: write socket://host:port or socket://host:first-last, e.g. socket://127.0.0.1:9000",
        assertThrows(
                IllegalArgumentException.class,
                () -> Transports.forConfig(StreamConfig.parse("socket://127.0.0.1")))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Transports.forConfig(StreamConfig.parse("socket://h:9003-9000")))
            .getMessage()
            .contains("invalid port range '9003-9000'"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Transports.forConfig(StreamConfig.parse("unix://tmp/x.sock")))
            .getMessage()
            .contains("three slashes"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Transports.forConfig(StreamConfig.parse("socket://h:1?role=server")))
            .getMessage()
            .contains("must be one of connect, listen, got 'server'"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Transports.forConfig(StreamConfig.parse("socket://h:1?idleTimeout=soon")))
            .getMessage()
            .contains("'idleTimeout' of stream socket://h:1 must be a positive duration"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Transports.forConfig(StreamConfig.parse("socket://h:1?compression=gzip")))
            .getMessage()
            .contains("none, zstd, lz4"));
  }
}
