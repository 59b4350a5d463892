package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
  @Test
  void portsAreBelowTheEphemeralRangeDistinctAndBindable() throws Exception {
    int ephemeralLow;
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      ephemeralLow =
          Integer.parseInt(
              new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
    }
    Set<Integer> given = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = LoopbackPorts.next();
      assertTrue(port >= 10_000 && port < ephemeralLow, port + " below " + ephemeralLow);
      assertTrue(given.add(port), "port " + port + " given twice");
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertEquals(port, s.getLocalPort());
      }
    }
    int first = LoopbackPorts.range(4);
    for (int port = first; port < first + 4; port++) {
      assertTrue(given.add(port), "port " + port + " given twice");
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    }
  }
}
