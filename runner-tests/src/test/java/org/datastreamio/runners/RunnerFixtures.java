package org.datastreamio.runners;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.datastreamio.spi.Transports;

/**
 * The transports under test come from the SPI ({@link Transports#schemes()}), not from a list here:
 * a transport that joins the classpath joins the matrix, and fails it until it has a fixture.
 */
final class RunnerFixtures {
  private RunnerFixtures() {}

  /** Every registered transport, by name (one transport may serve several schemes). */
  static List<String> transports() {
    return List.copyOf(new TreeSet<>(Transports.schemes().values()));
  }

  static RunnerFixture open(String transport, Path tempDir) throws Exception {
    switch (transport) {
      case "file":
        return new FileFixture(tempDir);
      case "flight":
        return new FlightFixture();
      case "socket":
        return new SocketFixture();
      default:
        throw new AssertionError(
            "Transport '"
                + transport
                + "' is registered through the SPI but the runner suite"
                + " cannot run it yet: add a RunnerFixture for "
                + transport
                + " in RunnerFixtures.open (runner-tests).");
    }
  }
}
