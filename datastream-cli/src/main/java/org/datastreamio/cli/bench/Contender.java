package org.datastreamio.cli.bench;

/** One way of moving the bench dataset from a writer to a reader, timed by the bench. */
interface Contender {
  /** The name in the table and the JSON, e.g. {@code raw_flight}. */
  String name();

  /** One line on what it measures. */
  String description();

  /** Empty when it can run here; otherwise why not (e.g. pyarrow is missing). */
  default String unavailable() {
    return "";
  }

  /**
   * Writes the whole dataset and reads it back. Calls {@link BenchRun#startClock()} once its setup
   * (servers, directories) is done, and returns the rows the reader received.
   */
  long run(BenchRun run) throws Exception;
}
