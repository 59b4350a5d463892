package org.datastreamio.socket;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Moves record batches out of an Arrow reader, whose root is reloaded by its next batch. Transfers
 * hand the buffers over (no copy) and move their accounting to the receiving allocator.
 */
final class Batches {
  private Batches() {}

  /**
   * Takes the root's current batch into a new root owned by {@code allocator}; the source is left
   * empty.
   */
  static VectorSchemaRoot detach(VectorSchemaRoot source, BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector v : source.getFieldVectors()) {
      TransferPair pair = v.getTransferPair(allocator);
      pair.transfer();
      vectors.add((FieldVector) pair.getTo());
    }
    return new VectorSchemaRoot(source.getSchema().getFields(), vectors, source.getRowCount());
  }

  /** Replaces {@code target}'s batch with {@code source}'s; the source is left empty. */
  static void moveInto(VectorSchemaRoot source, VectorSchemaRoot target) {
    List<FieldVector> from = source.getFieldVectors();
    List<FieldVector> to = target.getFieldVectors();
    for (int i = 0; i < from.size(); i++) {
      from.get(i).makeTransferPair(to.get(i)).transfer();
    }
    target.setRowCount(source.getRowCount());
  }
}
