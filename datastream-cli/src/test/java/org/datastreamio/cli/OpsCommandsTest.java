package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.flight.FlightTestData;
import org.datastreamio.flight.TestCertificates;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datastream ls / stats / ttl / drop} against a running server that wants a bearer token.
 */
@ExtendWith(ArrowLeakCheck.class)
class OpsCommandsTest {
  @TempDir Path dir;

  @AfterEach
  void closeClients() {
    FlightClientPool.closeIdleClients();
  }

  private static void write(
      DataStreamFlightServer server, String stream, String query, long from, int batches)
      throws Exception {
    StreamConfig config = StreamConfig.parse(server.uri(stream) + query);
    Transport t = Transports.forConfig(config);
    try (BufferAllocator allocator = ArrowMemory.newChild("writer")) {
      t.commit(
          config,
          "w",
          "",
          List.of(
              FlightTestData.writePart(
                  t, config, SinkContext.of("w", "p", ""), allocator, from, batches, 100)));
    }
  }

  @Test
  void listStatsTtlAndDropARunningServerWithItsToken() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret-token\n");
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder()
            .port(0)
            .bearerToken("s3cret-token")
            .memoryLimit(32L << 20)
            .start()) {
      String auth = "?tokenFile=" + token;
      String uri = "flight://127.0.0.1:" + server.port() + auth;
      write(server, "orders", auth, 0, 5);
      write(server, "events", auth, 0, 2);

      CommandsTest.Run ls = new CommandsTest.Run("ls", "--server", uri);
      assertEquals(0, ls.exit, ls.out + ls.err);
      String[] lines = ls.out.strip().split("\n");
      assertEquals(3, lines.length, ls.out);
      assertTrue(lines[0].matches("NAME\\s+ROWS\\s+BYTES\\s+PARTS\\s+AGE\\s+EXPIRES IN"), lines[0]);
      assertTrue(lines[1].matches("events\\s+200\\s+[0-9.]+ KiB\\s+1\\s+\\d+s\\s+never"), lines[1]);
      assertTrue(lines[2].matches("orders\\s+500\\s+[0-9.]+ KiB\\s+1\\s+\\d+s\\s+never"), lines[2]);

      CommandsTest.Run ttl = new CommandsTest.Run("ttl", "--server", uri, "events", "2h");
      assertEquals(0, ttl.exit, ttl.out + ttl.err);
      assertTrue(ttl.out.startsWith("Stream 'events' expires at "), ttl.out);
      ls = new CommandsTest.Run("ls", "--server", uri, "--json");
      JsonNode streams = new ObjectMapper().readTree(ls.out);
      assertEquals("events", streams.get(0).get("name").asText());
      assertTrue(streams.get(0).get("expiresInSeconds").asLong() > 3600, ls.out);
      assertTrue(streams.get(1).path("expiresInSeconds").isMissingNode(), ls.out);

      CommandsTest.Run stats = new CommandsTest.Run("stats", "--server", uri);
      assertEquals(0, stats.exit, stats.out + stats.err);
      assertTrue(stats.out.contains("streams:        2 (2 parts, 700 rows)"), stats.out);
      assertTrue(
          stats.out.matches("(?s).*memory in use:  [0-9.]+ KiB of 32\\.0 MiB cap.*"), stats.out);
      assertTrue(stats.out.contains("puts in flight: 0"), stats.out);
      assertTrue(stats.out.matches("(?s).*connections:    [1-9].*"), stats.out);

      CommandsTest.Run drop = new CommandsTest.Run("drop", "--server", uri, "orders");
      assertEquals(0, drop.exit, drop.out + drop.err);
      assertEquals("Dropped stream 'orders'", drop.out.strip());
      drop = new CommandsTest.Run("drop", "--server", uri, "orders");
      assertEquals(1, drop.exit);
      assertTrue(drop.err.contains("there is no stream 'orders'"), drop.err);
      ls = new CommandsTest.Run("ls", "--server", uri);
      assertTrue(ls.out.contains("events") && !ls.out.contains("orders"), ls.out);

      CommandsTest.Run noToken =
          new CommandsTest.Run("ls", "--server", "flight://127.0.0.1:" + server.port());
      assertEquals(1, noToken.exit);
      assertTrue(
          noToken.err.contains("UNAUTHENTICATED") && noToken.err.contains("tokenFile"),
          noToken.err);
      assertTrue(!noToken.err.contains("s3cret"), "the token is never printed");
    }
  }

  @Test
  void theOpsCommandsSpeakMutualTlsWithTheUrisParameters() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder()
            .port(0)
            .tls(certs.serverCert, certs.serverKey)
            .clientCa(certs.caCert)
            .start()) {
      String security =
          "?caFile="
              + certs.caCert
              + "&certFile="
              + certs.clientCert
              + "&keyFile="
              + certs.clientKey;
      write(server, "secure", security, 0, 3);
      String uri = "flight+tls://127.0.0.1:" + server.port() + security;
      CommandsTest.Run ls = new CommandsTest.Run("ls", "--server", uri);
      assertEquals(0, ls.exit, ls.out + ls.err);
      assertTrue(ls.out.matches("(?s).*secure\\s+300\\s.*"), ls.out);
      CommandsTest.Run wrongCa =
          new CommandsTest.Run(
              "stats",
              "--server",
              "flight+tls://127.0.0.1:" + server.port() + "?caFile=" + certs.otherCaCert);
      assertEquals(1, wrongCa.exit);
      assertTrue(
          wrongCa.err.contains("TLS handshake failed") && wrongCa.err.contains("caFile"),
          wrongCa.err);
      CommandsTest.Run drop = new CommandsTest.Run("drop", "--server", uri, "secure");
      assertEquals(0, drop.exit, drop.out + drop.err);
    }
  }

  @Test
  void noServerThereIsAClearErrorNamingTheAddress() throws Exception {
    int port = LoopbackPorts.next(); // free, and nobody listens there
    CommandsTest.Run stats =
        new CommandsTest.Run("stats", "--server", "flight://127.0.0.1:" + port + "?retries=0");
    assertEquals(1, stats.exit);
    assertTrue(
        stats.err.contains("127.0.0.1:" + port)
            && stats.err.contains("is the Flight server running"),
        stats.err);
  }
}
