package org.datastreamio.arrow;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Appends Beam Rows to a {@link VectorSchemaRoot} it owns, batch after batch, reusing the vectors.
 * Per-field writers are built once from the schema, so appending does no schema lookups.
 */
public final class RowToArrow implements AutoCloseable {
  private final Schema beamSchema;
  private final VectorSchemaRoot root;
  private final FieldWriter[] writers;
  private int rowCount;
  private long bytes;

  public RowToArrow(Schema beamSchema, BufferAllocator allocator) {
    this.beamSchema = beamSchema;
    this.root = VectorSchemaRoot.create(SchemaConverter.toArrow(beamSchema), allocator);
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      writers = new FieldWriter[vectors.size()];
      for (int i = 0; i < writers.length; i++) {
        Schema.Field f = beamSchema.getField(i);
        writers[i] = FieldWriters.create(f.getType(), vectors.get(i), f.getName());
      }
      root.allocateNew();
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** The root the rows go into; its row count is set by {@link #finishBatch()}. */
  public VectorSchemaRoot root() {
    return root;
  }

  public Schema beamSchema() {
    return beamSchema;
  }

  /**
   * Appends one row; fails naming the field when a value does not fit its field. A row that fails
   * leaves nothing behind: values go to position {@link #rowCount()}, which only a complete row
   * advances, so the next row (or {@link #finishBatch()}) overwrites or excludes what it began.
   */
  public void append(Row row) {
    FieldWriter[] w = writers;
    if (row.getFieldCount() != w.length) {
      throw new ValueFitException(
          "Row has "
              + row.getFieldCount()
              + " fields but the schema has "
              + w.length
              + ": "
              + beamSchema.getFieldNames()
              + " vs "
              + row.getSchema().getFieldNames());
    }
    int index = rowCount;
    long added = 0;
    for (int i = 0; i < w.length; i++) {
      added += w[i].write(index, row.getValue(i));
    }
    bytes += added;
    rowCount = index + 1;
  }

  /** Rows appended since the last {@link #reset()}. */
  public int rowCount() {
    return rowCount;
  }

  /**
   * An estimate of the Arrow payload bytes appended since the last reset, cheap to call per row.
   */
  public long estimatedBytes() {
    // One validity bit per field and row, rounded up to a byte per row.
    return bytes + (long) rowCount * ((writers.length + 7) / 8);
  }

  /** Sets value and row counts so the root holds exactly the appended rows as one batch. */
  public VectorSchemaRoot finishBatch() {
    root.setRowCount(rowCount);
    return root;
  }

  /** Empties the root for the next batch, keeping its buffers where possible. */
  public void reset() {
    for (FieldVector v : root.getFieldVectors()) {
      v.reset();
    }
    root.setRowCount(0);
    rowCount = 0;
    bytes = 0;
  }

  @Override
  public void close() {
    root.close();
  }
}
