package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Python with pyarrow, the independent Arrow peer of the interop tests. It looks for {@code
 * $DATASTREAM_PYTHON}, then {@code <repo>/.venv/bin/python} ({@code .ci/run} creates it). When
 * {@code DATASTREAM_REQUIRE_PYARROW=1} (as in CI) a missing pyarrow fails the test instead of
 * skipping it.
 */
public final class PyArrow {
  private static final Map<Process, Path> STDERR = Collections.synchronizedMap(new WeakHashMap<>());

  /** Every process {@link #start} started, in order, for {@link PyArrowProcesses} to stop. */
  private static final List<Process> STARTED = new ArrayList<>();

  private static volatile Optional<Path> cached;

  private PyArrow() {}

  /** Skips the test (or fails it in CI) when no Python with pyarrow is found. */
  public static Path require() {
    Optional<Path> python = python();
    if (python.isEmpty()) {
      String why =
          "no Python with pyarrow: set DATASTREAM_PYTHON or create <repo>/.venv with 'python3 -m venv .venv && .venv/bin/pip install pyarrow'";
      if ("1".equals(System.getenv("DATASTREAM_REQUIRE_PYARROW"))) {
        fail("DATASTREAM_REQUIRE_PYARROW=1 but " + why);
      }
      Assumptions.abort(why);
    }
    return python.get();
  }

  public static synchronized Optional<Path> python() {
    if (cached == null) {
      cached = find();
    }
    return cached;
  }

  /**
   * Runs a Python script (its text) with arguments; returns stdout, fails with stderr on a non-zero
   * exit.
   */
  public static String run(String script, String... args) throws IOException, InterruptedException {
    return run(script, 120, args);
  }

  public static String run(String script, int timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    Process process = start(script, args);
    return await(process, timeoutSeconds);
  }

  /**
   * Starts a Python script in the background, e.g. a server; the caller waits with {@link #await}.
   */
  public static Process start(String script, String... args) throws IOException {
    Path python = require();
    Path file = Files.createTempFile("datastream-test-", ".py");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    List<String> cmd = new ArrayList<>();
    cmd.add(python.toString());
    cmd.add("-u");
    cmd.add(file.toString());
    for (String a : args) {
      cmd.add(a);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // To a file, so a chatty server cannot block on a full pipe; read back by stderr(process).
    File stderr = File.createTempFile("datastream-test-", ".stderr");
    stderr.deleteOnExit();
    pb.redirectError(stderr);
    Process process = pb.start();
    STDERR.put(process, stderr.toPath());
    synchronized (STARTED) {
      STARTED.add(process);
    }
    return process;
  }

  /** How many processes {@link #start} has started in this JVM. */
  static int startedCount() {
    synchronized (STARTED) {
      return STARTED.size();
    }
  }

  /** The processes {@link #start} started after the first {@code count}. */
  static List<Process> startedSince(int count) {
    synchronized (STARTED) {
      return new ArrayList<>(STARTED.subList(count, STARTED.size()));
    }
  }

  /**
   * Waits for a process from {@link #start}; returns its stdout, fails on timeout or non-zero exit.
   */
  public static String await(Process process, int timeoutSeconds)
      throws IOException, InterruptedException {
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Python did not finish within " + timeoutSeconds + " s");
    }
    String stdout = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      fail(
          "Python exited with "
              + process.exitValue()
              + "\nstdout:\n"
              + stdout
              + "\nstderr:\n"
              + stderr(process));
    }
    return stdout;
  }

  /**
   * The next line a process from {@link #start} prints (read byte by byte, so {@link #await} gets
   * the rest); fails, killing the process, when none comes within {@code timeoutSeconds}.
   */
  public static String readLine(Process process, int timeoutSeconds)
      throws IOException, InterruptedException {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              try {
                InputStream in = process.getInputStream();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                  out.write(b);
                }
                if (b == -1) {
                  throw new IOException("Python closed its stdout after '" + out + "'");
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return out.toString(StandardCharsets.UTF_8);
            });
    try {
      return line.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      return fail(
          "Python printed no line within "
              + timeoutSeconds
              + " s ("
              + e
              + "); stderr:\n"
              + stderr(process));
    }
  }

  /** What a process from {@link #start} wrote to stderr so far, for failure messages. */
  public static String stderr(Process process) {
    Path file = STDERR.get(process);
    try {
      return file == null
          ? "(not started by PyArrow.start)"
          : Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unavailable: " + e + ")";
    }
  }

  private static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("DATASTREAM_PYTHON");
    if (env != null && !env.isBlank()) {
      candidates.add(Paths.get(env));
    }
    String root = System.getenv("DATASTREAM_REPO_ROOT");
    if (root != null && !root.isBlank()) {
      candidates.add(Paths.get(root, ".venv", "bin", "python"));
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      candidates.add(dir.resolve(".venv").resolve("bin").resolve("python"));
      dir = dir.getParent();
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p) && hasPyArrow(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static boolean hasPyArrow(Path python) {
    try {
      Process p =
          new ProcessBuilder(python.toString(), "-c", "import pyarrow, pyarrow.flight")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
