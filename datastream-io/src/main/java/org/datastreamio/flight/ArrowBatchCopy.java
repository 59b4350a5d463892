package org.datastreamio.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Copies a batch into memory owned by another allocator, with one allocation per batch. The copy is
 * what makes an allocator's limit a real cap (the allocation fails before anything is kept) and what
 * frees the caller to reuse its root.
 */
public final class ArrowBatchCopy {
  private ArrowBatchCopy() {}

  /** The root's current rows, copied into {@code target}; the caller owns (closes) the result. */
  public static ArrowRecordBatch copy(VectorSchemaRoot root, BufferAllocator target) {
    try (ArrowRecordBatch source = new VectorUnloader(root).getRecordBatch()) {
      return copy(source, target);
    }
  }

  /**
   * A copy of {@code source} in {@code target}. Throws Arrow's OutOfMemoryException when the target's
   * limit does not allow it, having allocated nothing.
   */
  public static ArrowRecordBatch copy(ArrowRecordBatch source, BufferAllocator target) {
    long total = 0;
    for (ArrowBuf b : source.getBuffers()) {
      total += align8(b.readableBytes());
    }
    List<ArrowBuf> slices = new ArrayList<>(source.getBuffers().size());
    try (ArrowBuf block = target.buffer(Math.max(total, 8))) {
      long offset = 0;
      for (ArrowBuf b : source.getBuffers()) {
        long length = b.readableBytes();
        block.setBytes(offset, b, b.readerIndex(), length);
        ArrowBuf slice = block.slice(offset, length);
        slice.writerIndex(length);
        slices.add(slice);
        offset += align8(length);
      }
      // The batch retains every slice, so it keeps the block alive after this block closes its own reference.
      return new ArrowRecordBatch(source.getLength(), source.getNodes(), slices, source.getBodyCompression(),
          source.getVariadicBufferCounts(), true, true);
    }
  }

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
