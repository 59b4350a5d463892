package org.datastreamio.arrow;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Bytes of Arrow payload a batch holds, the figure every "bytes" metric reports. */
public final class PayloadBytes {
  private PayloadBytes() {}

  public static long of(VectorSchemaRoot root) {
    long bytes = 0;
    for (FieldVector v : root.getFieldVectors()) {
      bytes += v.getBufferSize();
    }
    return bytes;
  }
}
