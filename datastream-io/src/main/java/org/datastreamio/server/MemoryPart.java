package org.datastreamio.server;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** A part whose batches are held in the server's capped allocator. */
final class MemoryPart extends StoredPart {
  private final List<ArrowRecordBatch> batches = new ArrayList<>();
  private long rows;
  private long bytes;

  MemoryPart(String id) {
    super(id);
  }

  /** Only the DoPut that builds the part calls this, before the part is shared. */
  void add(ArrowRecordBatch batch) {
    batches.add(batch);
    rows += batch.getLength();
    bytes += batch.computeBodyLength();
  }

  @Override
  int batchCount() {
    return batches.size();
  }

  @Override
  long rows() {
    return rows;
  }

  @Override
  long bytes() {
    return bytes;
  }

  /**
   * The batches are in memory and never written to again; gRPC's reference keeps a batch alive
   * until it is sent even if the part is dropped meanwhile. Nothing new is held.
   */
  @Override
  boolean sendsWithoutCopy() {
    return true;
  }

  @Override
  Cursor open(Schema schema, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    VectorLoader loader = new VectorLoader(root);
    return new Cursor() {
      @Override
      public VectorSchemaRoot root() {
        return root;
      }

      @Override
      public void load(int i) {
        loader.load(batches.get(i));
      }

      @Override
      public void close() {
        root.close();
      }
    };
  }

  @Override
  void free() {
    batches.forEach(ArrowRecordBatch::close);
    batches.clear();
  }
}
