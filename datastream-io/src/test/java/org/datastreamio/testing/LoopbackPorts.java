package org.datastreamio.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loopback ports for listeners a test starts later (a listening read inside a pipeline, a cluster
 * daemon in its own JVM), chosen below the kernel's ephemeral port range.
 *
 * <p>A port found by binding port 0 comes from the ephemeral range, which the kernel draws from for
 * every outgoing connection and every port-0 listener on the machine (gRPC channels, Flink and
 * Spark daemons, other tests' clients), so it could be taken again before the test's listener binds
 * it. Below that range only an explicit bind can take a port. Each JVM starts at its own offset
 * (from its pid), never hands out a port twice, and checks that the port is free now.
 */
public final class LoopbackPorts {
  private static final int LOWEST = 10_000;
  private static int next = -1;

  private LoopbackPorts() {}

  /** One loopback port, free now, that nothing else in this JVM was given. */
  public static int next() {
    return range(1);
  }

  /** The first of {@code n} consecutive loopback ports, free now, given to no one else here. */
  public static synchronized int range(int n) {
    int top = ephemeralLow();
    int span = top - LOWEST;
    if (span < 1_000) {
      throw new IllegalStateException(
          "The ephemeral port range starts at "
              + top
              + ", leaving no room below it for test listeners");
    }
    if (next < 0) {
      next = LOWEST + (int) ((ProcessHandle.current().pid() * 7_919L) % span);
    }
    for (int tried = 0; tried < span; tried += n) {
      if (next + n > top) {
        next = LOWEST;
      }
      int first = next;
      next += n;
      if (allFree(first, n)) {
        return first;
      }
    }
    throw new IllegalStateException(
        "No " + n + " consecutive free loopback ports between " + LOWEST + " and " + top);
  }

  private static boolean allFree(int first, int n) {
    for (int port = first; port < first + n; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  /** The first port of the kernel's ephemeral range (Linux), or the IANA default elsewhere. */
  private static int ephemeralLow() {
    try {
      String range; // read to the end: procfs reports a size of 0, which Files.readString trusts
      try (InputStream in =
          Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        range = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 49_152;
    }
  }
}
