package org.datastreamio.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the test starts (a cluster daemon, a submission, a Flight server, a socket listener), its
 * stdout and stderr in one log file. Closing it kills it and every process it started (the
 * executors a Spark Worker launched), so nothing outlives the test on any path.
 */
final class JavaProcess implements Submission {
  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java [jvmArgs] -cp classpath main [args]} with {@code env} added to this JVM's
   * environment.
   */
  static JavaProcess start(
      String name,
      String classpath,
      List<String> jvmArgs,
      String main,
      List<String> args,
      Map<String, String> env,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(main);
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new JavaProcess(name, pb.start(), log);
  }

  /** Every jar in {@code dir}, as a classpath. */
  static String jarsIn(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      List<String> jars =
          files.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException(
            "No jars in "
                + dir
                + ": build it first (./mvnw -pl cluster-tests -am verify builds it)");
      }
      return String.join(File.pathSeparator, jars);
    }
  }

  /**
   * The JVM flags our tests run with (Arrow's and Spark's --add-opens), for every process started.
   */
  static List<String> jvmOpens() {
    return Arrays.asList(
        System.getProperty("cluster.jvmOpens", "--add-opens=java.base/java.nio=ALL-UNNAMED")
            .trim()
            .split("\\s+"));
  }

  /**
   * Waits until the log has a line matching {@code pattern} and returns its first group (or the
   * whole match). Fails with the log's tail if the process ends first or {@code timeout} passes.
   */
  String awaitLog(Pattern pattern, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = pattern.matcher(logText());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            name
                + " ended (exit "
                + process.exitValue()
                + ") before logging /"
                + pattern
                + "/:\n"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " did not log /" + pattern + "/ within " + timeout + ":\n" + tail());
      }
      Thread.sleep(200);
    }
  }

  /**
   * Waits for the process to end by itself and returns its exit code; kills it and fails after
   * {@code timeout}.
   */
  int waitFor(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError(name + " did not end within " + timeout + ":\n" + tail());
    }
    return process.exitValue();
  }

  /**
   * Fails with the log's tail unless the process ends by itself with exit code 0 within {@code
   * timeout}.
   */
  @Override
  public void assertSucceeds(Duration timeout) throws Exception {
    int exit = waitFor(timeout);
    if (exit != 0) {
      throw new AssertionError(name + " failed with exit code " + exit + ":\n" + tail());
    }
  }

  @Override
  public java.util.concurrent.CompletableFuture<Process> ended() {
    return process.onExit();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The last 60 lines of the log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Arrays.asList(logText().split("\n"));
      return "  ("
          + log
          + ")\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "  (log unreadable: " + e + ")";
    }
  }

  /** SIGKILL, as a crash would end it; returns once it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle p : all) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
