package org.datastreamio.hop.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Data Stream Flight server with basic authentication (user hop, the sample project's password)
 * in its own JVM ({@link FlightServerMain}), on an ephemeral loopback port.
 */
final class FlightServerProcess implements AutoCloseable {
  /** The password whose encoded form is in the sample projects' orders-flight.json. */
  static final String PASSWORD = "change-me";

  private final Process process;
  private final String port;
  private final Path log;

  private FlightServerProcess(Process process, String port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static FlightServerProcess start(Path portFile) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                HopInstallation.ARROW_OPENS,
                "-cp",
                System.getProperty("java.class.path"),
                FlightServerMain.class.getName(),
                portFile.toString()));
    pb.environment().put("FLIGHT_PASSWORD", PASSWORD);
    pb.redirectErrorStream(true);
    Path log = portFile.resolveSibling(portFile.getFileName() + ".log");
    pb.redirectOutput(log.toFile());
    Process process = pb.start();
    try {
      return new FlightServerProcess(
          process, HopRunInstallIT.awaitFile(portFile, process, () -> read(log)), log);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      ChildProcesses.stop(process);
      throw e;
    }
  }

  private static String read(Path log) {
    try {
      return java.nio.file.Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  String port() {
    return port;
  }

  /** What the server printed so far, for failure messages. */
  String log() {
    return "\n--- Flight server log ---\n" + read(log);
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }
}
