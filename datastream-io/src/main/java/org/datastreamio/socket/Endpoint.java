package org.datastreamio.socket;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import org.datastreamio.spi.OwnerOnly;

/** One place a socket stream lives: a TCP host and port, or a Unix domain socket file. */
final class Endpoint implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int MAX_UNIX_PATH_BYTES = OwnerOnly.MAX_UNIX_PATH_BYTES;

  private final String host;
  private final int port;
  private final String unixPath;

  private Endpoint(String host, int port, String unixPath) {
    this.host = host;
    this.port = port;
    this.unixPath = unixPath;
  }

  static Endpoint tcp(String host, int port) {
    return new Endpoint(Objects.requireNonNull(host), port, null);
  }

  static Endpoint unix(String path) {
    return new Endpoint(null, -1, Objects.requireNonNull(path));
  }

  boolean isUnix() {
    return unixPath != null;
  }

  Path unixPath() {
    return Paths.get(unixPath);
  }

  int port() {
    return port;
  }

  ProtocolFamily family() {
    return isUnix() ? StandardProtocolFamily.UNIX : null;
  }

  SocketAddress address() {
    return isUnix() ? UnixDomainSocketAddress.of(unixPath) : new InetSocketAddress(host, port);
  }

  /** The stream URI of this one endpoint, used in partition names, written parts and errors. */
  String uri() {
    if (isUnix()) {
      return "unix://" + unixPath;
    }
    return "socket://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The partition handle: this endpoint as bytes, read back by {@link #decode}. */
  byte[] encode() {
    return (isUnix() ? "unix:" + unixPath : "tcp:" + port + ":" + host)
        .getBytes(StandardCharsets.UTF_8);
  }

  static Endpoint decode(byte[] handle) {
    String s = new String(handle, StandardCharsets.UTF_8);
    if (s.startsWith("unix:")) {
      return unix(s.substring(5));
    }
    if (s.startsWith("tcp:")) {
      int colon = s.indexOf(':', 4);
      if (colon > 0) {
        return tcp(s.substring(colon + 1), Integer.parseInt(s.substring(4, colon)));
      }
    }
    throw new IllegalArgumentException("Not a socket partition handle: '" + s + "'");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Endpoint)) {
      return false;
    }
    Endpoint e = (Endpoint) o;
    return port == e.port && Objects.equals(host, e.host) && Objects.equals(unixPath, e.unixPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, unixPath);
  }

  @Override
  public String toString() {
    return uri();
  }
}
