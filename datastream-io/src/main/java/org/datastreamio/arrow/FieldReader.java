package org.datastreamio.arrow;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one field's values out of one Arrow vector as the Java class Beam stores for the field's
 * type, copying out of Arrow buffers so the value outlives the batch.
 */
abstract class FieldReader {
  /** The value at {@code index}, or null. */
  abstract @Nullable Object read(int index);

  /** Called before each batch is read; dictionary readers look up the batch's dictionary here. */
  void startBatch() {}

  /** Binds a reader to a vector; built once per (Beam type, Arrow field) pair and checked then. */
  interface Plan {
    FieldReader bind(org.apache.arrow.vector.ValueVector vector);
  }
}
