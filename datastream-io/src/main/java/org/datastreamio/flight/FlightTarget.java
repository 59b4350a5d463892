package org.datastreamio.flight;

import java.time.Duration;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.Location;
import org.datastreamio.spi.StreamConfig;

/**
 * A Flight stream URI taken apart: the server's location, the stream name, and the client settings.
 * {@code flight://host:port/name}, {@code flight+tls://host:port/name}, {@code
 * flight+unix:///path.sock?stream=name}.
 */
final class FlightTarget {
  static final String SCHEME = "flight";
  static final String SCHEME_TLS = "flight+tls";
  static final String SCHEME_UNIX = "flight+unix";
  static final int DEFAULT_PORT = 8815;
  static final String STREAM = "stream";
  static final String TIMEOUT = "timeout";

  final Location origin;
  final String stream;
  final ClientSecurity security;

  /**
   * Deadline of single calls (GetFlightInfo, actions) and the longest a put waits for the server to
   * take data.
   */
  final Duration timeout;

  private FlightTarget(Location origin, String stream, ClientSecurity security, Duration timeout) {
    this.origin = origin;
    this.stream = stream;
    this.security = security;
    this.timeout = timeout;
  }

  static FlightTarget of(StreamConfig config) {
    return parse(config, true);
  }

  /**
   * A server's URI for operations on the server itself ({@code flight://host:port}); a stream name
   * is optional.
   */
  static FlightTarget server(StreamConfig config) {
    return parse(config, false);
  }

  private static FlightTarget parse(StreamConfig config, boolean needsStream) {
    Location origin;
    String stream;
    if (config.scheme().equals(SCHEME_UNIX)) {
      if (!config.authority().isEmpty() || config.path().isEmpty()) {
        throw new IllegalArgumentException(
            "Stream "
                + config.location()
                + ": write a Unix socket stream as flight+unix:///path/to.sock?stream=name (three slashes, absolute path)");
      }
      origin = Location.forGrpcDomainSocket(config.path());
      stream = config.parameter(STREAM).orElse("");
    } else {
      String authority = config.authority();
      if (authority.isEmpty()) {
        throw new IllegalArgumentException(
            "Stream " + config.location() + " has no host: write flight://host:port/name");
      }
      String host = authority;
      int port = DEFAULT_PORT;
      int colon = authority.lastIndexOf(':');
      if (colon > 0 && !authority.endsWith("]")) {
        host = authority.substring(0, colon);
        try {
          port = Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "Stream "
                  + config.location()
                  + " has an invalid port '"
                  + authority.substring(colon + 1)
                  + "'");
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      origin =
          config.scheme().equals(SCHEME_TLS)
              ? Location.forGrpcTls(host, port)
              : Location.forGrpcInsecure(host, port);
      stream = config.path().startsWith("/") ? config.path().substring(1) : config.path();
      if (config.parameter(STREAM).isPresent()) {
        throw new IllegalArgumentException(
            "Stream "
                + config.location()
                + ": '"
                + STREAM
                + "' is only for flight+unix URIs; name the stream in the path, flight://host:port/name");
      }
    }
    if (stream.isEmpty() && needsStream) {
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + " names no stream: write flight://host:port/name"
              + (config.scheme().equals(SCHEME_UNIX)
                  ? " (for flight+unix, add ?stream=name)"
                  : ""));
    }
    return new FlightTarget(origin, stream, ClientSecurity.of(config), parseTimeout(config));
  }

  FlightDescriptor descriptor() {
    return FlightDescriptor.path(stream);
  }

  /** For messages: where the stream is, e.g. {@code grpc+tcp://127.0.0.1:8815 stream 'orders'}. */
  @Override
  public String toString() {
    return origin.getUri() + " stream '" + stream + "'";
  }

  /** "30s", "500ms", "2m" or plain seconds; default 60 s. */
  private static Duration parseTimeout(StreamConfig config) {
    String v = config.parameter(TIMEOUT, "60s");
    try {
      Duration d = StreamConfig.parseDuration(v);
      if (d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Parameter '"
              + TIMEOUT
              + "' of stream "
              + config.location()
              + " must be a positive duration such as 30s, 500ms or 2m, got '"
              + v
              + "'");
    }
  }
}
