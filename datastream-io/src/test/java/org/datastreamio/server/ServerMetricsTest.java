package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.flight.FlightTestData;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrow;
import org.datastreamio.testing.PyArrowProcesses;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The figures a running server reports: the stats action, the Prometheus endpoint, readiness, and
 * expiry.
 */
@ExtendWith({ArrowLeakCheck.class, PyArrowProcesses.class})
class ServerMetricsTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one sample line of the text format, e.g. {@code datastream_server_rows}. */
  private static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    fail("no sample " + series + " in:\n" + metrics);
    return 0;
  }

  @Test
  void statsAndPrometheusShowTheSameFiguresAndReadinessFollowsTheServer() throws Exception {
    int metricsPort;
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server =
            DataStreamFlightServer.builder()
                .port(0)
                .memoryLimit(8L << 20)
                .metrics("127.0.0.1", 0)
                .start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      metricsPort = server.metricsPort();
      assertTrue(metricsPort > 0);
      assertEquals(200, get(metricsPort, "/ready").statusCode());
      assertEquals(200, get(metricsPort, "/-/healthy").statusCode());

      DataStreamFlightServerTest.put(client, allocator, "a", 0, 3);
      DataStreamFlightServerTest.put(client, allocator, "a", 300, 2);
      List<List<Object>> rows = new ArrayList<>();
      for (FlightEndpoint e : client.getInfo(FlightDescriptor.path("a")).getEndpoints()) {
        try (FlightStream s = client.getStream(e.getTicket())) {
          while (s.next()) {
            rows.addAll(TestBatches.values(s.getRoot()));
          }
        }
      }
      assertEquals(500, rows.size());

      Map<String, Object> stats = server.stats();
      assertEquals(1, ((Number) stats.get("connections")).intValue(), stats.toString());
      assertEquals(0, ((Number) stats.get("putsInFlight")).intValue());
      assertEquals(0, ((Number) stats.get("getsInFlight")).intValue());
      assertEquals(8L << 20, ((Number) stats.get("memoryLimitBytes")).longValue());
      long inUse = ((Number) stats.get("memoryInUseBytes")).longValue();
      assertTrue(inUse > 0, stats.toString());

      String metrics = get(metricsPort, "/metrics").body();
      assertEquals(
          2.0,
          sample(metrics, "datastream_server_requests_total{rpc=\"do_put\",status=\"OK\"}"),
          metrics);
      assertEquals(
          2.0, sample(metrics, "datastream_server_requests_total{rpc=\"do_get\",status=\"OK\"}"));
      assertEquals(
          1.0,
          sample(
              metrics, "datastream_server_requests_total{rpc=\"get_flight_info\",status=\"OK\"}"));
      assertEquals(
          2.0, sample(metrics, "datastream_server_request_duration_seconds_count{rpc=\"do_put\"}"));
      assertEquals(0.0, sample(metrics, "datastream_server_calls_in_flight{rpc=\"do_get\"}"));
      assertEquals(1.0, sample(metrics, "datastream_server_connections"));
      assertEquals(1.0, sample(metrics, "datastream_server_streams"));
      assertEquals(2.0, sample(metrics, "datastream_server_parts"));
      assertEquals(500.0, sample(metrics, "datastream_server_rows"));
      assertEquals((double) (8L << 20), sample(metrics, "datastream_server_memory_limit_bytes"));
      assertEquals((double) inUse, sample(metrics, "datastream_server_memory_used_bytes"));
      assertEquals(0.0, sample(metrics, "datastream_server_durable_bytes"));
      assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are there too");

      // A failed call is counted with its status.
      FlightRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              FlightRuntimeException.class, () -> client.getInfo(FlightDescriptor.path("missing")));
      assertEquals(FlightStatusCode.NOT_FOUND, e.status().code());
      assertEquals(
          1.0,
          sample(
              get(metricsPort, "/metrics").body(),
              "datastream_server_requests_total{rpc=\"get_flight_info\",status=\"NOT_FOUND\"}"));
    }
    // Closed: the endpoint is gone with the server, so a probe fails rather than answering "ready".
    try {
      int code = get(metricsPort, "/ready").statusCode();
      assertEquals(503, code, "a closing server is not ready");
    } catch (ConnectException expected) {
      // the HTTP server is closed with the Flight server
    }
  }

  @Test
  void aServerThatIsShuttingDownIsNotReady() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test")) {
      DataStreamFlightServer server =
          DataStreamFlightServer.builder().port(0).metrics("127.0.0.1", 0).start();
      FlightClient client = FlightClient.builder(allocator, server.location()).build();
      FlightStream stalled = null;
      Thread closing =
          new Thread(
              () -> {
                try {
                  server.close();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      try {
        // A reader that holds its DoGet open without reading keeps close() waiting for its calls to
        // end.
        try (VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
          FlightClient.ClientStreamListener put =
              client.startPut(FlightDescriptor.path("s"), root, new SyncPutListener());
          for (int b = 0; b < 30; b++) {
            TestBatches.fill(root, b * 20_000L, 20_000);
            put.putNext();
          }
          put.completed();
          put.getResult();
        }
        stalled =
            client.getStream(
                client.getInfo(FlightDescriptor.path("s")).getEndpoints().get(0).getTicket());
        assertTrue(stalled.next());
        assertEquals(200, get(server.metricsPort(), "/ready").statusCode());
        closing.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int code = 200;
        while (code == 200 && closing.isAlive() && System.nanoTime() < deadline) {
          code = get(server.metricsPort(), "/ready").statusCode();
        }
        assertEquals(503, code, "not ready while it shuts down");
        assertTrue(get(server.metricsPort(), "/ready").body().contains("shutting down"));
      } finally {
        closing.join(60_000);
        if (!closing.isAlive() && closing.getState() == Thread.State.NEW) {
          server.close();
        }
        if (stalled != null) {
          try {
            stalled.close();
          } catch (Exception e) {
            // the server went away under it
          }
        }
        client.close();
      }
    }
  }

  @Test
  void aStreamExpiresItsTtlAfterItsLastWriteAndItsEndpointsSaySoBefore() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server =
            DataStreamFlightServer.builder().port(0).ttl(Duration.ofDays(1)).start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      DataStreamFlightServerTest.put(client, allocator, "short", 0, 1);
      DataStreamFlightServerTest.put(client, allocator, "long", 0, 1);
      long serverExpiry =
          ((Number)
                  ((Map<?, ?>) ((List<?>) server.stats().get("streams")).get(0))
                      .get("expiresAtMillis"))
              .longValue();
      // Read by pyarrow: Arrow Java 18.3's client adds the seconds twice when it parses
      // expiration_time
      // (what goes on the wire is right, see docs/flight.md).
      String expiry =
          PyArrow.run(
              String.join(
                  "\n",
                  "import sys, pyarrow.flight as fl",
                  "info = fl.connect(sys.argv[1]).get_flight_info(fl.FlightDescriptor.for_path('long'))",
                  "print(info.endpoints[0].expiration_time.value // 1000000)"),
              "grpc://127.0.0.1:" + server.port());
      assertEquals(
          serverExpiry,
          Long.parseLong(expiry.trim()),
          "the endpoint carries the stream's expiry under the server's --ttl");

      String answer =
          DataStreamFlightServerTest.action(
              client, "datastream.ttl", "{\"stream\":\"short\",\"ttlSeconds\":1}");
      assertTrue(answer.contains("\"expiresAtMillis\""), answer);
      FlightRuntimeException bad =
          org.junit.jupiter.api.Assertions.assertThrows(
              FlightRuntimeException.class,
              () ->
                  DataStreamFlightServerTest.action(
                      client, "datastream.ttl", "{\"stream\":\"short\"}"));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, bad.status().code());
      assertTrue(bad.getMessage().contains("ttlSeconds"), bad.getMessage());

      // Set at write time: the URI's ttl parameter travels with the staged puts and is set by the
      // commit.
      StreamConfig written = StreamConfig.parse(server.uri("written") + "?ttl=1s");
      Transport t = Transports.forConfig(written);
      t.commit(
          written,
          "w",
          "",
          List.of(
              FlightTestData.writePart(
                  t, written, SinkContext.of("w", "p", ""), allocator, 0, 1, 10)));
      Map<?, ?> stats = (Map<?, ?>) ((List<?>) server.stats().get("streams")).get(2);
      assertEquals("written", stats.get("name"));
      assertTrue(stats.containsKey("expiresAtMillis"), stats.toString());
      IllegalArgumentException badTtl =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> Transports.forConfig(StreamConfig.parse(server.uri("x") + "?ttl=soon")));
      assertTrue(
          badTtl.getMessage().contains("'ttl'") && badTtl.getMessage().contains("12h"),
          badTtl.getMessage());

      for (String name : List.of("short", "written")) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean gone = false;
        while (!gone && System.nanoTime() < deadline) {
          try {
            client.getInfo(FlightDescriptor.path(name));
            Thread.sleep(100);
          } catch (FlightRuntimeException e) {
            assertEquals(FlightStatusCode.NOT_FOUND, e.status().code());
            gone = true;
          }
        }
        assertTrue(gone, "the stream '" + name + "' with a 1 s time to live was dropped");
      }
      assertEquals(
          1,
          client.getInfo(FlightDescriptor.path("long")).getEndpoints().size(),
          "the other one stays");
    } finally {
      FlightClientPool.closeIdleClients();
    }
  }

  /**
   * A write asks the server for its actions (whether it offers the commit) once per pooled client,
   * not once per part: each part is one DoPut and nothing else. Counted by the server's request
   * counters.
   */
  @Test
  void aWriteListsTheServersActionsOncePerClientNotOncePerPart() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server =
            DataStreamFlightServer.builder().port(0).metrics("127.0.0.1", 0).start()) {
      StreamConfig config = StreamConfig.parse(server.uri("parts"));
      Transport t = Transports.forConfig(config);
      List<org.datastreamio.spi.WrittenPart> parts = new ArrayList<>();
      int n = 5;
      for (int p = 0; p < n; p++) {
        parts.add(
            FlightTestData.writePart(
                t, config, SinkContext.of("w", "p" + p, ""), allocator, p * 100L, 2, 50));
      }
      t.commit(config, "w", "", parts);
      assertEquals(
          FlightTestData.expected(0, n * 100L), FlightTestData.readAll(t, config, allocator));

      String metrics = get(server.metricsPort(), "/metrics").body();
      assertEquals(
          (double) n,
          sample(metrics, "datastream_server_requests_total{rpc=\"do_put\",status=\"OK\"}"),
          metrics);
      assertEquals(
          1.0,
          sample(metrics, "datastream_server_requests_total{rpc=\"list_actions\",status=\"OK\"}"),
          "one ListActions for the client, none per part:\n" + metrics);
    } finally {
      FlightClientPool.closeIdleClients();
    }
  }
}
