package org.datastreamio.spi;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Receives the record batches of one bundle. Not thread-safe; one per bundle and window. */
public interface BatchSink extends AutoCloseable {

  /**
   * Writes the root's current rows as one record batch. The root is reused by the caller
   * afterwards: an implementation that keeps data beyond this call must copy it.
   */
  void write(VectorSchemaRoot batch) throws IOException;

  /** Flushes and completes the part; after this the sink only needs {@link #close()}. */
  WrittenPart finish() throws IOException;

  /** Gives up the part (the bundle failed): best effort, must not throw. */
  void abort();

  /** Releases resources; after {@link #finish()} or {@link #abort()}. */
  @Override
  void close() throws IOException;
}
