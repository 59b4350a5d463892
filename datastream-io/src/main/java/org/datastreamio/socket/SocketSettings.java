package org.datastreamio.socket;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.spi.Retry;
import org.datastreamio.spi.StreamConfig;

/** The socket-specific reading of a {@link StreamConfig}: endpoints, role, counts and timeouts. */
final class SocketSettings {
  static final String ROLE = "role";
  static final String STREAMS = "streams";
  static final String IDLE_TIMEOUT = "idleTimeout";
  static final String CONNECT_TIMEOUT = "connectTimeout";
  static final String TRUNCATED = "truncated";
  static final String WRITES = "writes";

  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Listening on more ports than this from one URI is almost certainly a typo in the range. */
  static final int MAX_PORTS = 256;

  final StreamConfig config;
  final List<Endpoint> endpoints;
  final Duration idleTimeout;
  final Duration connectTimeout;
  final IpcCompression compression;
  final Retry retry;
  final TruncatedStreams truncated;
  private final SocketRole explicitRole;
  private final int streams;
  private final int writes;

  private SocketSettings(StreamConfig config) {
    this.config = config;
    this.endpoints = parseEndpoints(config);
    this.explicitRole =
        config.parameter(ROLE).isPresent()
            ? config.enumParameter(ROLE, SocketRole.class, null)
            : null;
    this.streams = config.intParameter(STREAMS, 0, 1, 1_000_000);
    this.writes = config.intParameter(WRITES, 1, 0, 1_000_000);
    this.idleTimeout = duration(config, IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    this.connectTimeout = duration(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    this.compression = IpcCompression.from(config);
    this.retry = Retry.from(config);
    this.truncated = config.enumParameter(TRUNCATED, TruncatedStreams.class, TruncatedStreams.FAIL);
    if (truncated == TruncatedStreams.DROP && explicitRole == SocketRole.CONNECT) {
      throw new IllegalArgumentException(
          "Parameter 'truncated=drop' of stream "
              + config.location()
              + " applies to a listening read, which takes many streams; with role=connect the read dials one stream"
              + " and cannot drop it. Remove 'truncated', or read with role=listen.");
    }
  }

  /** Parses and checks every socket parameter; throws IllegalArgumentException naming the URI. */
  static SocketSettings of(StreamConfig config) {
    return new SocketSettings(config);
  }

  /** Writers dial out unless told to listen. */
  SocketRole writeRole() {
    return explicitRole == null ? SocketRole.CONNECT : explicitRole;
  }

  /** Readers listen unless told to dial out. */
  SocketRole readRole() {
    return explicitRole == null ? SocketRole.LISTEN : explicitRole;
  }

  /**
   * Streams one partition (one port or socket file) reads before it ends: 0 means "until
   * idleTimeout passes without a connection" for listening readers; a dialling reader reads one
   * stream by default.
   */
  int streamsPerPartition(SocketRole role) {
    if (streams == 0 && role == SocketRole.CONNECT) {
      return 1;
    }
    return streams;
  }

  boolean streamsGiven() {
    return streams > 0;
  }

  /**
   * How many DataStream writes a listening read without {@code streams} waits for: it ends once
   * that many have sent their end-of-write marker and every stream each announced is complete
   * ({@link EndOfWrite}); 0 ignores markers.
   */
  int endAfterWrites() {
    return streams > 0 ? 0 : writes;
  }

  private static List<Endpoint> parseEndpoints(StreamConfig config) {
    String uri = config.location();
    if (config.scheme().equals("unix")) {
      if (!config.authority().isEmpty() && !config.authority().equals("localhost")) {
        throw new IllegalArgumentException(
            "Unix socket stream "
                + uri
                + " names host '"
                + config.authority()
                + "': write the socket file as unix:///path/to.sock (three slashes)");
      }
      if (config.path().isEmpty() || config.path().equals("/")) {
        throw new IllegalArgumentException(
            "Unix socket stream "
                + uri
                + " has no socket file path: write it as unix:///path/to.sock");
      }
      int bytes = config.path().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes > Endpoint.MAX_UNIX_PATH_BYTES) {
        // Otherwise the bind or connect fails deep inside the JDK, or a listener ends with no rows.
        throw new IllegalArgumentException(
            "Unix socket stream "
                + uri
                + " has a socket file path of "
                + bytes
                + " bytes; the operating system allows at most "
                + Endpoint.MAX_UNIX_PATH_BYTES
                + ". Choose a shorter path, e.g. in /tmp or $XDG_RUNTIME_DIR");
      }
      return List.of(Endpoint.unix(config.path()));
    }
    if (!config.path().isEmpty() && !config.path().equals("/")) {
      throw new IllegalArgumentException(
          "Socket stream "
              + uri
              + " has a path '"
              + config.path()
              + "', but TCP socket streams are only host:port (or host:first-last);"
              + " for a Unix domain socket write unix:///path/to.sock");
    }
    String authority = config.authority();
    String host;
    String ports;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "Socket stream " + uri + " needs [ipv6-address]:port, e.g. socket://[::1]:9000");
      }
      host = authority.substring(1, close);
      ports = authority.substring(close + 2);
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "Socket stream "
                + uri
                + " has no port: write socket://host:port or socket://host:first-last, e.g. socket://127.0.0.1:9000");
      }
      host = authority.substring(0, colon);
      ports = authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    int first;
    int last;
    try {
      int dash = ports.indexOf('-');
      first = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
      last = dash < 0 ? first : Integer.parseInt(ports.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Socket stream "
              + uri
              + " has an invalid port '"
              + ports
              + "': write a port (9000) or a range (9000-9003)");
    }
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException(
          "Socket stream "
              + uri
              + " has an invalid port range '"
              + ports
              + "': ports go from 1 to 65535, the first no greater than the last");
    }
    if (last - first + 1 > MAX_PORTS) {
      throw new IllegalArgumentException(
          "Socket stream "
              + uri
              + " spans "
              + (last - first + 1)
              + " ports; at most "
              + MAX_PORTS
              + " are allowed in one range");
    }
    List<Endpoint> out = new ArrayList<>();
    for (int p = first; p <= last; p++) {
      out.add(Endpoint.tcp(host, p));
    }
    return Collections.unmodifiableList(out);
  }

  /** Reads "500ms", "30s", "5m", "1h", ISO-8601 ("PT30S") or a plain number of seconds. */
  static Duration duration(StreamConfig config, String name, Duration defaultValue) {
    String value = config.parameter(name).orElse(null);
    if (value == null) {
      return defaultValue;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (v.startsWith("pt")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      } else if (v.endsWith("s")) {
        d =
            Duration.ofMillis(
                Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
      } else if (v.endsWith("m")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()) * 60);
      } else if (v.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      } else {
        d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      d = null;
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "Parameter '"
              + name
              + "' of stream "
              + config.location()
              + " must be a positive duration such as 500ms, 30s, 5m or 1h, got '"
              + value
              + "'");
    }
    return d;
  }
}
