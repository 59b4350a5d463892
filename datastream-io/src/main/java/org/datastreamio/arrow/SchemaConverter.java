package org.datastreamio.arrow;

import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Beam {@link org.apache.beam.sdk.schemas.Schema} to Arrow {@link Schema} and back. See
 * docs/type-mapping.md for the table, {@link ArrowFieldOptions} for the Beam field options that
 * keep Arrow detail and {@link BeamMetadata} for the Arrow field metadata that keeps Beam identity.
 */
public final class SchemaConverter {
  private SchemaConverter() {}

  /** Fails with an {@link UnsupportedTypeException} naming the field and its type. */
  public static Schema toArrow(org.apache.beam.sdk.schemas.Schema beamSchema) {
    return BeamToArrowSchema.convert(beamSchema);
  }

  /** Fails with an {@link UnsupportedTypeException} naming the field and its type. */
  public static org.apache.beam.sdk.schemas.Schema toBeam(Schema arrowSchema) {
    return ArrowToBeamSchema.convert(arrowSchema, null);
  }

  /**
   * As {@link #toBeam(Schema)}, for a schema with dictionary-encoded fields: each becomes its
   * dictionary's value type, which {@code provider} (e.g. the ArrowReader) holds.
   */
  public static org.apache.beam.sdk.schemas.Schema toBeam(
      Schema arrowSchema, DictionaryProvider provider) {
    return ArrowToBeamSchema.convert(arrowSchema, provider);
  }
}
