package org.datastreamio.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A pipeline submitted to a cluster and possibly still running. */
interface Submission extends AutoCloseable {
  /** Completes when the submission has ended, one way or the other. */
  CompletableFuture<?> ended();

  /** Fails, saying why, unless the pipeline ends successfully within {@code timeout}. */
  void assertSucceeds(Duration timeout) throws Exception;
}
