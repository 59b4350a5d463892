package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.DeadUnixSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embeddable server refuses at start (empty credentials, a memory limit the JVM cannot
 * give) and how it places its Unix socket: owner-only whatever the umask, a dead server's socket
 * file replaced, a live one or a plain file left alone.
 */
@ExtendWith(ArrowLeakCheck.class)
class ServerStartRefusalTest {
  @TempDir Path dir;

  @Test
  void emptyCredentialsAreRefused() {
    assertRefused(
        () -> DataStreamFlightServer.builder().basicAuth("ops", ""),
        "password of user 'ops' is empty");
    assertRefused(
        () -> DataStreamFlightServer.builder().basicAuth("ops", " \n"),
        "password of user 'ops' is empty");
    assertRefused(() -> DataStreamFlightServer.builder().basicAuth("", "pw"), "user name");
    assertRefused(
        () -> DataStreamFlightServer.builder().basicAuth(" ops", "pw"), "surrounding spaces");
    assertRefused(() -> DataStreamFlightServer.builder().bearerToken(""), "bearer token is empty");
    assertRefused(
        () -> DataStreamFlightServer.builder().bearerToken("\n"), "bearer token is empty");
  }

  @Test
  void memoryLimitBeyondDirectMemoryIsRefused() {
    long tooMuch = DirectMemory.max();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataStreamFlightServer.builder().port(0).memoryLimit(tooMuch).start().close());
    assertTrue(
        e.getMessage().contains("more than this JVM can give")
            && e.getMessage().contains("MaxDirectMemorySize")
            && e.getMessage()
                .contains("at most " + DirectMemory.mib(DirectMemory.storeAllowance(tooMuch))),
        e.getMessage());
  }

  @Test
  void withoutALimitTheStoreIsCappedAtWhatTheJvmCanGive() throws Exception {
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
      long limit = ((Number) server.stats().get("memoryLimitBytes")).longValue();
      assertEquals(DirectMemory.storeAllowance(DirectMemory.max()), limit);
      assertTrue(limit < DirectMemory.max(), "a limit below the JVM's direct memory: " + limit);
    }
  }

  @Test
  void unixSocketIsOwnerOnlyAndRemovedOnClose() throws Exception {
    Path socket = dir.resolve("ds.sock");
    // (FlightTransportTest.unixSocket moves rows through the published socket.)
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder().unixSocket(socket).start()) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
      assertTrue(server.uri("s").startsWith("flight+unix://" + socket), server.uri("s"));
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        assertTrue(
            probe.connect(UnixDomainSocketAddress.of(socket)),
            "the server answers on the published path");
      }
      assertEquals(
          List.of("ds.sock"), names(dir), "no private bind directory is left beside the socket");
    }
    assertFalse(
        Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the socket file is removed on close");
  }

  @Test
  void staleSocketFileIsReplacedLiveOneAndPlainFileAreNot() throws Exception {
    Path socket = DeadUnixSocket.at(dir.resolve("stale.sock"));
    assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder().unixSocket(socket).start()) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
    }

    Path live = dir.resolve("live.sock");
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(live));
      IOException e =
          assertThrows(
              IOException.class,
              () -> DataStreamFlightServer.builder().unixSocket(live).start().close());
      assertTrue(e.getMessage().contains("another live process is listening"), e.getMessage());
      assertTrue(
          Files.exists(live, LinkOption.NOFOLLOW_LINKS), "the live socket file is left alone");
    }

    Path plain = Files.writeString(dir.resolve("plain.sock"), "data");
    IOException e =
        assertThrows(
            IOException.class,
            () -> DataStreamFlightServer.builder().unixSocket(plain).start().close());
    assertTrue(e.getMessage().contains("is not a socket file"), e.getMessage());
    assertEquals("data", Files.readString(plain));
    assertEquals(List.of("live.sock", "plain.sock"), names(dir), "nothing else left behind");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable e, String mention) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(mention), x.getMessage());
  }
}
