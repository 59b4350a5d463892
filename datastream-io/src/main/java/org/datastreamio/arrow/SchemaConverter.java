package org.datastreamio.arrow;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Beam {@link org.apache.beam.sdk.schemas.Schema} to Arrow {@link Schema} and back. See
 * docs/type-mapping.md for the table, {@link ArrowFieldOptions} for the Beam field options that keep
 * Arrow detail and {@link BeamMetadata} for the Arrow field metadata that keeps Beam identity.
 */
public final class SchemaConverter {
  private SchemaConverter() {}

  /** Fails with an {@link UnsupportedTypeException} naming the field and its type. */
  public static Schema toArrow(org.apache.beam.sdk.schemas.Schema beamSchema) {
    return BeamToArrowSchema.convert(beamSchema);
  }

  /** Fails with an {@link UnsupportedTypeException} naming the field and its type. */
  public static org.apache.beam.sdk.schemas.Schema toBeam(Schema arrowSchema) {
    return ArrowToBeamSchema.convert(arrowSchema);
  }
}
