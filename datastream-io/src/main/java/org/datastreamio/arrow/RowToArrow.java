package org.datastreamio.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Appends Beam Rows to a {@link VectorSchemaRoot} it owns, batch after batch, reusing the vectors.
 * Per-field writers are built once from the schema, so appending does no schema lookups.
 */
public final class RowToArrow implements AutoCloseable {

  public RowToArrow(Schema beamSchema, BufferAllocator allocator) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The root the rows go into; its row count is set by {@link #finishBatch()}. */
  public VectorSchemaRoot root() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Appends one row; fails naming the field when a value does not fit its field. */
  public void append(Row row) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Rows appended since the last {@link #reset()}. */
  public int rowCount() {
    throw new UnsupportedOperationException("TODO");
  }

  /** An estimate of the Arrow payload bytes appended since the last reset, cheap to call per row. */
  public long estimatedBytes() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Sets value and row counts so the root holds exactly the appended rows as one batch. */
  public VectorSchemaRoot finishBatch() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Empties the root for the next batch, keeping its buffers where possible. */
  public void reset() {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }
}
