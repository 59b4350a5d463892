package org.datastreamio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.datastreamio.testing.DeadUnixSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner-only helper on real files and sockets: what it makes under a umask of 000 (in a child
 * process, since a JVM cannot change its own umask), how a socket file is published, replaced and
 * removed, and the places it refuses.
 */
class OwnerOnlyTest {
  @TempDir Path dir;

  /**
   * Run by the test under {@code umask 000}: makes owner-only things and, beside them, controls.
   */
  static final class UnderUmaskZero {
    public static void main(String[] args) throws IOException {
      Path dir = Path.of(args[0]);
      OwnerOnly.directories(dir.resolve("a").resolve("b"));
      try (FileChannel f =
          OwnerOnly.open(
              dir.resolve("a").resolve("b").resolve("f"),
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE))) {
        f.write(ByteBuffer.wrap("rows".getBytes(StandardCharsets.UTF_8)));
      }
      OwnerOnly.SocketFile socket = OwnerOnly.SocketFile.at(dir.resolve("s.sock"), "s.sock");
      socket.stage();
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(socket.bindPath()));
        socket.publish();
      } // the JDK leaves the socket file: the test reads its permissions
      Files.createDirectory(dir.resolve("control-dir"));
      Files.createFile(dir.resolve("control-file"));
      DeadUnixSocket.at(dir.resolve("control.sock"));
    }
  }

  @Test
  void everythingIsOwnerOnlyUnderAPermissiveUmask() throws Exception {
    Process child =
        new ProcessBuilder(
                "sh",
                "-c",
                "umask 000 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"),
                UnderUmaskZero.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
    assertEquals(0, child.exitValue(), output);

    // The controls show the umask let everyone in; the helper's files do not.
    assertEquals("rwxrwxrwx", permissions(dir.resolve("control-dir")));
    assertEquals("rw-rw-rw-", permissions(dir.resolve("control-file")));
    assertEquals("rwxrwxrwx", permissions(dir.resolve("control.sock")));
    assertEquals("rwx------", permissions(dir.resolve("a")));
    assertEquals("rwx------", permissions(dir.resolve("a").resolve("b")));
    assertEquals("rw-------", permissions(dir.resolve("a").resolve("b").resolve("f")));
    assertEquals("rw-------", permissions(dir.resolve("s.sock")));
    assertTrue(isSocket(dir.resolve("s.sock")), "s.sock is the published socket");
    assertEquals(
        List.of("a", "control-dir", "control-file", "control.sock", "s.sock"),
        names(dir),
        "no private bind directory is left");
  }

  @Test
  void aPublishedSocketAnswersAndIsRemovedOnlyWhileItIsOurs() throws Exception {
    Path path = dir.resolve("p.sock");
    OwnerOnly.SocketFile socket = OwnerOnly.SocketFile.at(path, "p.sock");
    assertEquals(path.toAbsolutePath(), socket.path());
    socket.stage();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket.bindPath()));
      socket.publish();
      assertEquals(List.of("p.sock"), names(dir), "the private directory is gone after publish");
      try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
          SocketChannel accepted = server.accept()) {
        client.write(ByteBuffer.wrap(new byte[] {42}));
        ByteBuffer got = ByteBuffer.allocate(1);
        accepted.read(got);
        assertEquals(42, got.get(0), "the client reached the listener through the published path");
      }
    }
    socket.remove();
    assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "our socket file is removed");
    socket.remove(); // again: nothing to do

    // Another process's socket file now at the path is not ours to remove.
    OwnerOnly.SocketFile second = OwnerOnly.SocketFile.at(path, "p.sock");
    second.stage();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(second.bindPath()));
      second.publish();
    }
    Files.delete(path);
    DeadUnixSocket.at(path);
    second.remove();
    assertTrue(isSocket(path), "another's socket file is left alone");
  }

  @Test
  void aDeadSocketIsReplacedALiveOneAndAPlainFileAreNot() throws Exception {
    Path stale = DeadUnixSocket.at(dir.resolve("stale.sock"));
    OwnerOnly.SocketFile replacing = OwnerOnly.SocketFile.at(stale, "stale.sock");
    replacing.stage();
    assertFalse(Files.exists(stale, LinkOption.NOFOLLOW_LINKS), "the dead socket file is gone");
    replacing.remove();

    Path live = dir.resolve("live.sock");
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(live));
      BindException e =
          assertThrows(BindException.class, () -> OwnerOnly.SocketFile.at(live, "L").stage());
      assertEquals(
          "Cannot listen on L: another live process is listening on that socket file;"
              + " not taking it over. Stop that process or choose another socket path.",
          e.getMessage());
      try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(live))) {
        assertTrue(c.isConnected(), "the live listener still answers");
      }
    }

    Path plain = Files.writeString(dir.resolve("plain.sock"), "data");
    IOException e =
        assertThrows(IOException.class, () -> OwnerOnly.SocketFile.at(plain, "P").stage());
    assertEquals(
        "Cannot listen on P: "
            + plain
            + " exists and is not a socket file; not replacing it."
            + " Remove it or choose another socket path.",
        e.getMessage());
    assertEquals("data", Files.readString(plain));
    assertEquals(List.of("live.sock", "plain.sock"), names(dir), "nothing else left behind");
  }

  @Test
  void placesASocketCannotBeBoundInAreNamed() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    IOException e =
        assertThrows(IOException.class, () -> OwnerOnly.SocketFile.at(missing.resolve("s"), "M"));
    assertEquals(
        "Cannot listen on M: directory "
            + missing
            + " does not exist. Create it or choose another socket path.",
        e.getMessage());

    // The bind path in the private directory is 26 bytes longer than the directory.
    Path longest = dir.resolve("d".repeat(OwnerOnly.MAX_UNIX_PATH_BYTES - 26 - dirBytes() - 1));
    Path tooLong = dir.resolve("d".repeat(OwnerOnly.MAX_UNIX_PATH_BYTES - 26 - dirBytes()));
    Files.createDirectory(longest);
    Files.createDirectory(tooLong);
    // The private directory's name has a random number of digits: most tries get the longest.
    for (int i = 0; i < 20; i++) {
      OwnerOnly.SocketFile fits = OwnerOnly.SocketFile.at(longest.resolve("s"), "fits");
      fits.stage();
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(fits.bindPath()));
        fits.publish();
      } finally {
        fits.remove();
      }
    }
    e =
        assertThrows(
            IOException.class, () -> OwnerOnly.SocketFile.at(tooLong.resolve("s"), "long"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Cannot listen on long: its directory "
                    + tooLong
                    + " is too long for a Unix socket path"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Choose a shorter path"), e.getMessage());
  }

  private int dirBytes() {
    return dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static boolean isSocket(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
