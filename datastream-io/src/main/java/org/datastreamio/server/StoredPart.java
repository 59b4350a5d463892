package org.datastreamio.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * One DoPut's batches, held in the server's capped allocator. Reference counted: readers retain it while
 * they stream it, so a concurrent drop frees the memory only after the last reader is done.
 */
final class StoredPart {
  private final String id;
  private final List<ArrowRecordBatch> batches = new ArrayList<>();
  private final AtomicInteger refs = new AtomicInteger(1);
  private long rows;
  private long bytes;

  StoredPart(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  /** Only the DoPut that builds the part calls this, before the part is shared. */
  void add(ArrowRecordBatch batch) {
    batches.add(batch);
    rows += batch.getLength();
    bytes += batch.computeBodyLength();
  }

  ArrowRecordBatch batch(int index) {
    return batches.get(index);
  }

  int batchCount() {
    return batches.size();
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
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
      batches.forEach(ArrowRecordBatch::close);
      batches.clear();
    }
  }
}
