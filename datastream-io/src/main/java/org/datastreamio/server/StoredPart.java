package org.datastreamio.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One DoPut's batches, in memory ({@link MemoryPart}) or in a spill file ({@link SpilledPart}).
 * Reference counted: readers retain it while they stream it, so a concurrent drop frees it only
 * after the last reader is done.
 */
abstract class StoredPart {
  private final String id;
  private final AtomicInteger refs = new AtomicInteger(1);

  /**
   * Set when the part's stream is dropped or expires: running reads of it stop at the next batch.
   */
  private volatile boolean dropped;

  StoredPart(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  abstract int batchCount();

  abstract long rows();

  abstract long bytes();

  /** Bytes of the part's file on disk; 0 for a part in memory. */
  long fileBytes() {
    return 0;
  }

  /**
   * Whether a read may hand the batches' own buffers to gRPC instead of a copy. gRPC keeps a
   * reference to them until they are on the socket, which may be a flow-control window later.
   */
  abstract boolean sendsWithoutCopy();

  /** Positions batches into a root for sending; the caller closes it. */
  abstract Cursor open(Schema schema, BufferAllocator allocator) throws IOException;

  /** Frees the memory or file; called once, when the last reference goes. */
  abstract void free();

  /** Loads batch {@code i} into {@link #root()}. */
  interface Cursor extends AutoCloseable {
    VectorSchemaRoot root();

    void load(int i) throws IOException;

    @Override
    void close() throws IOException;
  }

  void markDropped() {
    dropped = true;
  }

  boolean dropped() {
    return dropped;
  }

  /** False when the part was already released (dropped): the caller must not read it. */
  boolean retain() {
    while (true) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      free();
    }
  }
}
