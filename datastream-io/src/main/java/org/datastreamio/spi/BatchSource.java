package org.datastreamio.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads one partition batch by batch. {@link #root()} is reloaded by every {@link #next()}: copy
 * what you keep before calling it again.
 */
public interface BatchSource extends AutoCloseable {

  Schema schema();

  /** Loads the next batch into {@link #root()}; false at the end of the partition. */
  boolean next() throws IOException;

  VectorSchemaRoot root();

  /** Bytes of Arrow payload in the batch just loaded, for metrics. */
  long batchBytes();

  /**
   * Incoming streams this source has dropped so far because they ended early (a socket read with
   * {@code truncated=drop}), for metrics; their batches read before the break were delivered.
   */
  default long droppedStreams() {
    return 0;
  }

  /** Dictionaries of dictionary-encoded fields, or null when the source has none. */
  default DictionaryProvider dictionaries() {
    return null;
  }

  /**
   * Why {@link #schema()} has no fields, when the source knows (a listening socket that no stream
   * reached), for the error of a read that expects fields; null otherwise.
   */
  default String whyNoFields() {
    return null;
  }

  /**
   * Called from another thread when the reader gives up (its pipeline was cancelled): a {@link
   * #next()} or {@link #schema()} that waits for a peer then fails promptly instead of waiting for
   * it, and the reading thread closes the source as usual. Sources that never wait on a peer for
   * long need not override it: the core's read loop also stops at the next batch once the reader
   * gives up.
   */
  default void cancel() {}

  /**
   * The error a read fails with after {@link #cancel()}, the same for every transport: {@code what}
   * names the read, {@code cause} (may be null) is how its aborted connection failed.
   */
  static IOException cancelledError(String what, Throwable cause) {
    InterruptedIOException e =
        new InterruptedIOException(
            what + " was cancelled (its pipeline was cancelled) before it ended");
    e.initCause(cause);
    return e;
  }

  @Override
  void close() throws IOException;
}
