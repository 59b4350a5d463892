package org.datastreamio.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Copies a batch into memory owned by another allocator. The copy is what makes an allocator's
 * limit a real cap (the allocation fails before anything is kept) and what frees the caller to
 * reuse its root.
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
   * A copy of {@code source} in {@code target}. Throws Arrow's OutOfMemoryException when the
   * target's limit does not allow it, keeping nothing. Each buffer gets its own allocation: the
   * allocator rounds sizes up to a power of two, and buffers usually are one while their sum (e.g.
   * 512 KiB of values plus 8 KiB of validity) would double.
   */
  public static ArrowRecordBatch copy(ArrowRecordBatch source, BufferAllocator target) {
    List<ArrowBuf> copies = new ArrayList<>(source.getBuffers().size());
    try {
      for (ArrowBuf b : source.getBuffers()) {
        long length = b.readableBytes();
        ArrowBuf copy = target.buffer(Math.max(align8(length), 8));
        copies.add(copy);
        copy.setBytes(0, b, b.readerIndex(), length);
        copy.writerIndex(length);
      }
      return new ArrowRecordBatch(
          source.getLength(),
          source.getNodes(),
          copies,
          source.getBodyCompression(),
          source.getVariadicBufferCounts(),
          true,
          true);
    } finally {
      // The batch retained every copy; this drops the references taken by the allocations.
      copies.forEach(ArrowBuf::close);
    }
  }

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
