package org.datastreamio.arrow;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Beam {@link org.apache.beam.sdk.schemas.Schema} to Arrow {@link Schema} and back. See
 * docs/type-mapping.md for the table.
 */
public final class SchemaConverter {
  private SchemaConverter() {}

  /** Fails with an {@link UnsupportedTypeException} naming the field and its type. */
  public static Schema toArrow(org.apache.beam.sdk.schemas.Schema beamSchema) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Fails with an {@link UnsupportedTypeException} naming the field and its type. */
  public static org.apache.beam.sdk.schemas.Schema toBeam(Schema arrowSchema) {
    throw new UnsupportedOperationException("TODO");
  }
}
