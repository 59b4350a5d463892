package org.datastreamio.arrow;

import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Turns record batches into Beam Rows of a given schema. The rows own their values (copied out of
 * Arrow buffers), so they stay valid after the next batch loads into the same root.
 */
public final class ArrowToRow {

  /**
   * Fails, naming the field and both types, when the Arrow schema does not convert to {@code
   * beamSchema}.
   */
  public ArrowToRow(Schema beamSchema, org.apache.arrow.vector.types.pojo.Schema arrowSchema) {
    throw new UnsupportedOperationException("TODO");
  }

  public Schema beamSchema() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Emits every row of the root's current batch, in order. */
  public void convert(VectorSchemaRoot root, Consumer<Row> out) {
    throw new UnsupportedOperationException("TODO");
  }
}
