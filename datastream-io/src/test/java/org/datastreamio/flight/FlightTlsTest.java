package org.datastreamio.flight;

import static org.datastreamio.flight.FlightTestData.expected;
import static org.datastreamio.flight.FlightTestData.readAll;
import static org.datastreamio.flight.FlightTestData.writePart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS with certificates made for the test; wrong CA and missing client cert fail
 * clearly.
 */
class FlightTlsTest extends FlightTestBase {
  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCertificates.create(dir);
  }

  @AfterAll
  static void closeClients() {
    FlightClientPool.closeIdleClients();
  }

  private void roundTrip(StreamConfig config) throws IOException {
    Transport t = Transports.forConfig(config);
    WrittenPart p = writePart(t, config, SinkContext.of("w", "p", ""), allocator, 0, 2, 50);
    t.commit(config, "w", "", List.of(p));
    assertEquals(expected(0, 100), readAll(t, config, allocator));
  }

  @Test
  void tlsWithTheRightCa() throws Exception {
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder().port(0).tls(certs.serverCert, certs.serverKey).start()) {
      assertTrue(server.uri("s").startsWith("flight+tls://"));
      roundTrip(StreamConfig.parse(server.uri("s") + "?caFile=" + certs.caCert));
    }
  }

  @Test
  void tlsWithAWrongCaFailsClearlyWithoutRetrying() throws Exception {
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder().port(0).tls(certs.serverCert, certs.serverKey).start()) {
      StreamConfig config =
          StreamConfig.parse(server.uri("s") + "?retries=5&caFile=" + certs.otherCaCert);
      IOException e =
          assertThrows(
              IOException.class,
              () -> Transports.forConfig(config).listPartitions(config, allocator));
      assertTrue(
          e.getMessage().contains("caFile") && e.getMessage().contains("certification path"),
          e.getMessage());
      assertTrue(
          !e.getMessage().contains("attempts"), "a TLS failure is not retried: " + e.getMessage());
    }
  }

  @Test
  void mutualTls() throws Exception {
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder()
            .port(0)
            .tls(certs.serverCert, certs.serverKey)
            .clientCa(certs.caCert)
            .start()) {
      roundTrip(
          StreamConfig.parse(
              server.uri("m")
                  + "?caFile="
                  + certs.caCert
                  + "&certFile="
                  + certs.clientCert
                  + "&keyFile="
                  + certs.clientKey));

      StreamConfig noCert = StreamConfig.parse(server.uri("m") + "?caFile=" + certs.caCert);
      IOException e =
          assertThrows(
              IOException.class,
              () -> Transports.forConfig(noCert).listPartitions(noCert, allocator));
      assertTrue(e.getMessage().contains("certFile"), e.getMessage());
    }
  }
}
