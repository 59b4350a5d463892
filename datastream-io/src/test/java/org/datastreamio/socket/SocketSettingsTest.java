package org.datastreamio.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.datastreamio.spi.StreamConfig;
import org.junit.jupiter.api.Test;

/** How socket URIs and parameters are read. */
class SocketSettingsTest {

  private static List<String> endpoints(String uri) {
    List<String> out = new ArrayList<>();
    for (Endpoint e : SocketSettings.of(StreamConfig.parse(uri)).endpoints) {
      out.add(e.uri());
      assertEquals(e, Endpoint.decode(e.encode()), "partition handle round trip");
    }
    return out;
  }

  @Test
  void endpointsOfEveryUriForm() {
    assertEquals(List.of("socket://127.0.0.1:9000"), endpoints("socket://:9000"));
    assertEquals(
        List.of("socket://10.1.2.3:9000", "socket://10.1.2.3:9001", "socket://10.1.2.3:9002"),
        endpoints("socket://10.1.2.3:9000-9002"));
    assertEquals(
        List.of("socket://[::1]:9000", "socket://[::1]:9001"),
        endpoints("socket://[::1]:9000-9001"));
    assertEquals(List.of("socket://localhost:9000"), endpoints("socket://localhost:9000/"));
    assertEquals(List.of("unix:///run/x/rows.sock"), endpoints("unix:///run/x/rows.sock"));
  }

  @Test
  void rolesDefaultByDirection() {
    SocketSettings plain = SocketSettings.of(StreamConfig.parse("socket://:9000"));
    assertEquals(SocketRole.CONNECT, plain.writeRole());
    assertEquals(SocketRole.LISTEN, plain.readRole());
    assertEquals(0, plain.streamsPerPartition(SocketRole.LISTEN));
    assertEquals(1, plain.streamsPerPartition(SocketRole.CONNECT));
    SocketSettings listen =
        SocketSettings.of(StreamConfig.parse("socket://:9000?role=LISTEN&streams=4"));
    assertEquals(SocketRole.LISTEN, listen.writeRole());
    assertEquals(4, listen.streamsPerPartition(SocketRole.CONNECT));
  }

  @Test
  void durationsInEveryForm() {
    for (String[] c :
        new String[][] {
          {"500ms", "PT0.5S"},
          {"1.5s", "PT1.5S"},
          {"2m", "PT2M"},
          {"1h", "PT1H"},
          {"PT3S", "PT3S"},
          {"7", "PT7S"}
        }) {
      StreamConfig config = StreamConfig.parse("socket://:9000?idleTimeout=" + c[0]);
      assertEquals(Duration.parse(c[1]), SocketSettings.of(config).idleTimeout, c[0]);
    }
    assertEquals(
        SocketSettings.DEFAULT_IDLE_TIMEOUT,
        SocketSettings.of(StreamConfig.parse("socket://:9000")).idleTimeout);
    assertEquals(
        "Parameter 'connectTimeout' of stream socket://:9000 must be a positive duration such as 500ms, 30s, 5m or 1h, got '0s'",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("socket://:9000?connectTimeout=0s")))
            .getMessage());
  }

  @Test
  void badAddressesAreNamed() {
    assertEquals(
        "Socket stream socket://h:70000 has an invalid port range '70000': ports go from 1 to 65535, the first no greater than the last",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("socket://h:70000")))
            .getMessage());
    assertEquals(
        "Socket stream socket://h:1-1000 spans 1000 ports; at most 256 are allowed in one range",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("socket://h:1-1000")))
            .getMessage());
    assertEquals(
        "Socket stream socket://h:abc has an invalid port 'abc': write a port (9000) or a range (9000-9003)",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("socket://h:abc")))
            .getMessage());
    assertEquals(
        "Socket stream socket://h:9000/x has a path '/x', but TCP socket streams are only host:port (or host:first-last);"
            + " for a Unix domain socket write unix:///path/to.sock",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("socket://h:9000/x")))
            .getMessage());
    assertEquals(
        "Unix socket stream unix:// has no socket file path: write it as unix:///path/to.sock",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("unix://")))
            .getMessage());
    String longPath = "/tmp/" + "d".repeat(100) + "/rows.sock";
    assertEquals(
        "Unix socket stream unix://"
            + longPath
            + " has a socket file path of 115 bytes; the operating system allows at most 106."
            + " Choose a shorter path, e.g. in /tmp or $XDG_RUNTIME_DIR",
        assertThrows(
                IllegalArgumentException.class,
                () -> SocketSettings.of(StreamConfig.parse("unix://" + longPath)))
            .getMessage());
    // 106 bytes is still a socket path
    assertEquals(
        1,
        SocketSettings.of(StreamConfig.parse("unix:///tmp/" + "e".repeat(96) + ".sock"))
            .endpoints
            .size());
  }
}
