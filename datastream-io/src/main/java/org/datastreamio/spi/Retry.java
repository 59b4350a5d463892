package org.datastreamio.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an operation with exponential backoff and jitter, for transient transport errors only (a
 * server that is restarting, a listener not up yet). What cannot heal (auth, schema, bad URI) must
 * be classified as not retryable so the pipeline fails at once with the real cause.
 */
public final class Retry implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  /** Parameter: how many times to retry a transient failure (default 3). */
  public static final String RETRIES = "retries";

  private final int retries;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;

  public Retry(int retries, Duration initialBackoff, Duration maxBackoff) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    this.retries = retries;
    this.initialBackoffMillis = initialBackoff.toMillis();
    this.maxBackoffMillis = maxBackoff.toMillis();
  }

  /** From the config's {@value #RETRIES} parameter (default 3), backoff 200 ms doubling to 5 s. */
  public static Retry from(StreamConfig config) {
    return new Retry(
        config.intParameter(RETRIES, 3, 0, 100), Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  public int retries() {
    return retries;
  }

  /** An operation that may throw. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code attempt}, retrying while {@code retryable} accepts the failure and retries remain.
   * The final failure is rethrown as an IOException whose message says what was tried, how often,
   * and why.
   */
  public <T> T run(String what, Attempt<T> attempt, Predicate<Throwable> retryable)
      throws IOException {
    long backoff = initialBackoffMillis;
    for (int attemptNo = 0; ; attemptNo++) {
      try {
        return attempt.run();
      } catch (Exception e) {
        if (attemptNo >= retries || !retryable.test(e)) {
          if (e instanceof IOException && attemptNo == 0) {
            throw (IOException) e;
          }
          String tries = attemptNo == 0 ? "" : " (after " + (attemptNo + 1) + " attempts)";
          throw new IOException(what + " failed" + tries + ": " + e.getMessage(), e);
        }
        long sleep =
            Math.min(maxBackoffMillis, backoff) / 2
                + ThreadLocalRandom.current()
                    .nextLong(Math.max(1, Math.min(maxBackoffMillis, backoff) / 2));
        LOG.warn(
            "{} failed (attempt {} of {}), retrying in {} ms: {}",
            what,
            attemptNo + 1,
            retries + 1,
            sleep,
            e.getMessage());
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          InterruptedIOException iie =
              new InterruptedIOException(what + " interrupted while waiting to retry");
          iie.initCause(e);
          throw iie;
        }
        backoff = Math.min(maxBackoffMillis, backoff * 2);
      }
    }
  }
}
