package org.datastreamio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.datastreamio.flight.FlightProtocol;
import org.datastreamio.flight.FlightTransport;
import org.datastreamio.spi.StreamConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --server} option of the operations commands ({@code ls}, {@code drop}, {@code stats})
 * and the action call they share. The URI is a Flight URI like any stream's, so TLS, users and
 * tokens are given the same way: {@code flight+tls://host:port?caFile=ca.pem&tokenFile=token}.
 */
final class ServerOps {
  @Option(
      names = "--server",
      paramLabel = "URI",
      defaultValue = "flight://127.0.0.1:8815",
      description = {
        "The DataStream Flight server (default: ${DEFAULT-VALUE}); flight+tls://, flight+unix:///path.sock",
        "and the security parameters of any Flight URI (user, passwordFile, tokenFile, caFile, ...) apply."
      })
  String server;

  /** Runs an action and returns its JSON answer. */
  JsonNode action(String type, String body) throws IOException {
    StreamConfig config = StreamConfig.parse(server);
    // Not through Transports.forConfig: that validates a stream URI, and a server URI names no
    // stream.
    FlightTransport flight = new FlightTransport();
    if (!flight.schemes().contains(config.scheme())) {
      throw new IllegalArgumentException(
          "--server "
              + server
              + " is not a Flight URI: write flight://host:port"
              + " (or flight+tls://, flight+unix:///path.sock)");
    }
    for (String p : config.parameters().keySet()) {
      if (!flight.parameters().contains(p)) {
        throw new IllegalArgumentException(
            "Unknown parameter '"
                + p
                + "' in --server "
                + server
                + "; known: "
                + new java.util.TreeSet<>(flight.parameters()));
      }
    }
    byte[] answer = flight.serverAction(config, type, body.getBytes(StandardCharsets.UTF_8));
    try {
      return FlightProtocol.readJson(answer);
    } catch (IOException e) {
      throw new IOException(
          "The server at "
              + server
              + " answered action '"
              + type
              + "' with something other than"
              + " JSON: is it a DataStream server (datastream serve)?",
          e);
    }
  }

  /** 1536 -> "1.5 KiB". */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** 3725 -> "1h02m", 42 -> "42s". */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    if (seconds < 86400) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
  }
}
