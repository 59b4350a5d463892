package org.datastreamio.hop.install;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datastreamio.server.DataStreamFlightServer;

/**
 * {@code datastream serve --host 127.0.0.1 --port 0 --user hop --password-env FLIGHT_PASSWORD} in
 * its own JVM, for the Hop-process tests: writes its port to the file {@code args[0]} once it
 * listens and stops when its standard input closes (when the test, its parent, ends or stops it).
 */
public final class FlightServerMain {
  private FlightServerMain() {}

  public static void main(String[] args) throws Exception {
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder()
            .host("127.0.0.1")
            .port(0)
            .basicAuth("hop", System.getenv("FLIGHT_PASSWORD"))
            .start()) {
      Path ready = Path.of(args[0]);
      Path partial = ready.resolveSibling(ready.getFileName() + ".tmp");
      Files.writeString(partial, Integer.toString(server.port()), StandardCharsets.UTF_8);
      Files.move(partial, ready);
      while (System.in.read() >= 0) {
        // until the parent closes our stdin
      }
    }
  }
}
