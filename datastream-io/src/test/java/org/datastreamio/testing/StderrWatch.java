package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Copies what this JVM writes to {@code System.err} (where the tests' SLF4J binding, slf4j-simple,
 * logs) while it is open, so a test can wait for a log line as the sign that something happened
 * instead of sleeping and hoping it did. Everything still reaches the original stream.
 */
public final class StderrWatch implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  public StderrWatch() {
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (copy) {
              copy.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
              copy.write(b, off, len);
            }
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** What was written to {@code System.err} since this watch opened. */
  public String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until one line written since this watch opened contains every one of {@code parts}. */
  public String awaitLine(Duration timeout, String... parts) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String line : text().split("\n", -1)) {
        boolean all = true;
        for (String p : parts) {
          all &= line.contains(p);
        }
        if (all) {
          return line;
        }
      }
      if (System.nanoTime() > deadline) {
        return fail(
            "No log line containing "
                + String.join(" and ", parts)
                + " within "
                + timeout
                + "; logged meanwhile:\n"
                + text());
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
