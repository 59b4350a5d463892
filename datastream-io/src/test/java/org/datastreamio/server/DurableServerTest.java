package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.flight.FlightTestData;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable server ({@code --data-dir}) closed and started again on its directory, in one JVM: what
 * it recovers, what it throws away, and what it refuses to serve. The crash cases (kill -9 of a
 * real server process) are in the CLI module's DurableServerCrashTest.
 */
@ExtendWith(ArrowLeakCheck.class)
class DurableServerTest {
  @TempDir Path dir;

  @AfterEach
  void closeClients() {
    FlightClientPool.closeIdleClients();
  }

  private DataStreamFlightServer start() throws IOException {
    return DataStreamFlightServer.builder().port(0).dataDir(dir).memoryLimit(64 * 1024).start();
  }

  private static List<String> readAll(
      DataStreamFlightServer server, String stream, BufferAllocator allocator) throws IOException {
    StreamConfig config = StreamConfig.parse(server.uri(stream));
    return FlightTestData.readAll(Transports.forConfig(config), config, allocator);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return FlightTestData.sorted(out);
  }

  private long files(String sub) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve(sub))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void committedStreamsSurviveARestartAndDropsAndTtlsDoToo() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test")) {
      try (DataStreamFlightServer server = start();
          FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
        assertEquals(
            "Recovered 0 stream(s) from "
                + dir
                + ": 0 committed part(s), 0 rows, 0 bytes; discarded 0 file(s)"
                + " (0 bytes) of uncommitted writes or torn files",
            server.recovery().orElseThrow());
        // Larger than the memory cap: a durable server keeps parts on disk, so the cap does not
        // refuse them.
        StreamConfig orders = StreamConfig.parse(server.uri("orders"));
        Transport t = Transports.forConfig(orders);
        List<WrittenPart> parts =
            List.of(
                FlightTestData.writePart(
                    t, orders, SinkContext.of("w", "p0", ""), allocator, 0, 5, 2000),
                FlightTestData.writePart(
                    t, orders, SinkContext.of("w", "p1", ""), allocator, 10_000, 5, 2000));
        FlightTestData.writePart(
            t, orders, SinkContext.of("w", "retried", ""), allocator, 0, 1, 10);
        FlightTestData.writePart(
            t, orders, SinkContext.of("never-committed", "p0", ""), allocator, 50_000, 1, 10);
        t.commit(orders, "w", "", parts);
        DataStreamFlightServerTest.put(
            client, allocator, "plain", 0, 3); // a plain DoPut is durable when acknowledged
        DataStreamFlightServerTest.put(client, allocator, "gone", 0, 1);
        assertTrue(
            DataStreamFlightServerTest.action(client, "drop", "gone").contains("\"dropped\":true"));
        DataStreamFlightServerTest.action(
            client, "datastream.ttl", "{\"stream\":\"plain\",\"ttlSeconds\":86400}");
        Map<String, Object> stats = server.stats();
        assertEquals(true, stats.get("durable"));
        assertTrue(((Number) stats.get("durableBytes")).longValue() > 64 * 1024, stats.toString());
        assertEquals(1L, files("staging"), "the never-committed part is still staged");
      }
      // A clean stop discarded the staged part of the write that never committed. Debris a crash
      // could
      // leave: a torn staged file (7 bytes), a torn manifest (16), a renamed part no manifest lists
      // (100).
      Files.write(
          dir.resolve("staging").resolve("part-torn.arrow"),
          new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0});
      Path ordersDir = dir.resolve("streams").resolve(DataDir.dirName("orders"));
      Files.write(ordersDir.resolve("MANIFEST.json.tmp"), "{\"version\":1,\"na".getBytes());
      Files.write(ordersDir.resolve("part-orphan.arrow"), new byte[100]);

      try (DataStreamFlightServer server = start()) {
        String recovery = server.recovery().orElseThrow();
        assertTrue(
            recovery.startsWith(
                "Recovered 2 stream(s) from "
                    + dir
                    + ": 3 committed part(s), 20300 rows, "
                    + bytesOf(server)
                    + " bytes; discarded 3 file(s) (123 bytes)"),
            recovery);
        assertEquals(
            concat(FlightTestData.expected(0, 10_000), FlightTestData.expected(10_000, 10_000)),
            readAll(server, "orders", allocator));
        assertEquals(FlightTestData.expected(0, 300), readAll(server, "plain", allocator));
        assertEquals(0L, files("staging"));
        try (Stream<Path> s = Files.list(ordersDir)) {
          assertEquals(3, s.count(), "the manifest and the two committed part files, nothing else");
        }
        // The stream's own time to live came back with it; its endpoints carry it
        // (ServerMetricsTest reads them).
        Map<?, ?> plain = (Map<?, ?>) ((List<?>) server.stats().get("streams")).get(1);
        assertEquals("plain", plain.get("name"));
        assertTrue(
            ((Number) plain.get("expiresInSeconds")).longValue() > 86400 - 3600, plain.toString());
        try (FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
          assertTrue(
              client
                  .getInfo(FlightDescriptor.path("plain"))
                  .getEndpoints()
                  .get(0)
                  .getExpirationTime()
                  .isPresent());
          for (FlightEndpoint e : client.getInfo(FlightDescriptor.path("orders")).getEndpoints()) {
            assertFalse(e.getExpirationTime().isPresent(), "no TTL on orders, none on the server");
          }
          FlightRuntimeException gone =
              assertThrows(
                  FlightRuntimeException.class,
                  () -> client.getInfo(FlightDescriptor.path("gone")));
          assertEquals(FlightStatusCode.NOT_FOUND, gone.status().code());
        }
        // A retried commit after the restart is answered as the first one was and adds nothing.
        StreamConfig orders = StreamConfig.parse(server.uri("orders"));
        Transports.forConfig(orders)
            .commit(
                orders,
                "w",
                "",
                List.of(WrittenPart.of("p0", "", 0, 0, 0), WrittenPart.of("p1", "", 0, 0, 0)));
        assertEquals(20_000, readAll(server, "orders", allocator).size());
      }
    }
  }

  private static long bytesOf(DataStreamFlightServer server) {
    long bytes = 0;
    for (Object s : (List<?>) server.stats().get("streams")) {
      bytes += ((Number) ((Map<?, ?>) s).get("bytes")).longValue();
    }
    return bytes;
  }

  @Test
  void aPartFileThatDoesNotMatchItsManifestKeepsTheStreamOutOfServiceButOnDisk() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test")) {
      try (DataStreamFlightServer server = start();
          FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
        DataStreamFlightServerTest.put(client, allocator, "good", 0, 2);
        DataStreamFlightServerTest.put(client, allocator, "bad", 0, 2);
      }
      Path badDir = dir.resolve("streams").resolve(DataDir.dirName("bad"));
      Path part;
      try (Stream<Path> s = Files.list(badDir)) {
        part =
            s.filter(p -> p.getFileName().toString().endsWith(".arrow")).findFirst().orElseThrow();
      }
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() / 2); // the disk lost the end of a committed file
      }
      try (DataStreamFlightServer server = start()) {
        String recovery = server.recovery().orElseThrow();
        assertTrue(
            recovery.startsWith("Recovered 1 stream(s)")
                && recovery.contains("1 damaged stream(s) moved to " + dir.resolve("damaged"))
                && recovery.contains("stream 'bad' part "),
            recovery);
        assertEquals(FlightTestData.expected(0, 200), readAll(server, "good", allocator));
        StreamConfig bad = StreamConfig.parse(server.uri("bad"));
        IOException e =
            assertThrows(
                IOException.class, () -> Transports.forConfig(bad).listPartitions(bad, allocator));
        assertTrue(e.getMessage().contains("There is no stream 'bad'"), e.getMessage());
        try (Stream<Path> s = Files.list(dir.resolve("damaged"))) {
          assertEquals(1, s.count(), "the damaged stream's files are kept for a person to look at");
        }
      }
    }
  }

  @Test
  void aWritePastTheDiskLimitFailsCleanlyAndTheCommittedStreamsStayReadable() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server =
            DataStreamFlightServer.builder().port(0).dataDir(dir).maxDisk(400 * 1024).start()) {
      StreamConfig config = StreamConfig.parse(server.uri("kept") + "?retries=0");
      Transport t = Transports.forConfig(config);
      t.commit(
          config,
          "w1",
          "",
          List.of(
              FlightTestData.writePart(
                  t, config, SinkContext.of("w1", "p", ""), allocator, 0, 4, 2000)));
      long used = ((Number) server.stats().get("diskUsedBytes")).longValue();
      assertTrue(
          used > 100 * 1024 && used < 400 * 1024, "the committed part's file counts: " + used);

      // The second write needs more than the room left: it fails mid-stream, naming the limit.
      StreamConfig more = StreamConfig.parse(server.uri("more") + "?retries=0");
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  FlightTestData.writePart(
                      t, more, SinkContext.of("w2", "p", ""), allocator, 100_000, 20, 2000));
      assertTrue(
          e.getMessage().contains("RESOURCE_EXHAUSTED")
              && e.getMessage().contains("--max-disk")
              && e.getMessage().contains("Nothing of this DoPut was stored"),
          e.getMessage());
      assertEquals(0L, files("staging"), "the half-written part file is gone");
      assertEquals(
          used,
          ((Number) server.stats().get("diskUsedBytes")).longValue(),
          "its bytes were given back");
      assertEquals(FlightTestData.expected(0, 8000), readAll(server, "kept", allocator));

      // Room made by a drop is usable again.
      try (FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
        DataStreamFlightServerTest.action(client, "drop", "kept");
      }
      assertEquals(0L, ((Number) server.stats().get("diskUsedBytes")).longValue());
      t.commit(
          more,
          "w3",
          "",
          List.of(
              FlightTestData.writePart(
                  t, more, SinkContext.of("w3", "p", ""), allocator, 0, 4, 2000)));
      assertEquals(FlightTestData.expected(0, 8000), readAll(server, "more", allocator));
    }
  }

  @Test
  void aSecondServerOnTheSameDirectoryRefusesToStart() throws Exception {
    try (DataStreamFlightServer first = start()) {
      IOException e = assertThrows(IOException.class, this::start);
      assertTrue(e.getMessage().contains("is in use by another running server"), e.getMessage());
      assertTrue(first.stats().get("streams") instanceof List, "the first one still serves");
    }
    try (DataStreamFlightServer again = start()) {
      assertTrue(again.recovery().isPresent(), "free again once the first one stopped");
    }
  }
}
