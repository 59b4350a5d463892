package org.datastreamio.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/** A Unix socket file as a listener that went away leaves it (a killed process): nobody answers. */
public final class DeadUnixSocket {
  private DeadUnixSocket() {}

  /** Binds a socket at {@code path} and closes it: the JDK leaves the file. */
  public static Path at(Path path) throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      listener.bind(UnixDomainSocketAddress.of(path));
    }
    return path;
  }
}
