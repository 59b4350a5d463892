package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code datastream serve} in its own JVM, as an operator runs it; killed with SIGKILL or SIGTERM
 * by the test.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern ANNOUNCED =
      Pattern.compile("Serving Arrow Flight at grpc\\+tcp://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path log;
  final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts a server on a loopback port ({@code 0}: a free one) and waits until it announces itself.
   * {@code jvmOptions} come before the main class (e.g. a -D fault injection point).
   */
  static ServerProcess start(int port, List<String> jvmOptions, String... serveOptions)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
    args.addAll(List.of(serveOptions));
    List<String> cmd = command(jvmOptions, args);
    Path log = Files.createTempFile("datastream-serve", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      while (p.isAlive() && System.nanoTime() < deadline) {
        Matcher m = ANNOUNCED.matcher(Files.readString(log));
        if (m.find()) {
          return new ServerProcess(p, log, Integer.parseInt(m.group(1)));
        }
        Thread.sleep(50);
      }
      String output = Files.readString(log);
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
      fail("datastream serve did not start:\n" + output);
      throw new AssertionError();
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** The process's peak resident set so far (Linux VmHWM), in bytes. */
  long peakRssBytes() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM in /proc/" + process.pid() + "/status");
  }

  /** The command line of a {@code datastream} JVM with this test's classpath. */
  static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    cmd.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    cmd.add("-Xmx256m");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DataStreamCli.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL: no shutdown hook, no flush, as a crash or the OOM killer. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: the operator's clean stop; waits until the process has ended. */
  void stop() throws InterruptedException {
    process.destroy();
    awaitExit();
  }

  /** Waits for the process to end by itself (e.g. at a fault injection point). */
  void awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the server process did not end within 60 s");
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(log);
  }
}
