package org.datastreamio.arrow;

/**
 * Keys of the Arrow field metadata that keep a Beam identity where the Arrow type alone is
 * ambiguous: a logical type (with its argument), an ITERABLE rather than an ARRAY, a DECIMAL that
 * had no declared precision, nullable map keys, a field description.
 */
public final class BeamMetadata {
  /** The Beam logical type identifier, e.g. beam:logical_type:fixed_decimal:v1. */
  public static final String LOGICAL_TYPE = "beam.logical_type";

  /** JSON object name to number of an EnumerationType. */
  public static final String ENUM_VALUES = "beam.enum.values";

  /**
   * ITERABLE on a List, or DECIMAL on a decimal(38, 18) written for a DECIMAL without precision.
   */
  public static final String TYPE = "beam.type";

  /** "true" on a Map whose Beam key type is nullable (Arrow keys never are). */
  public static final String NULLABLE_KEYS = "beam.map.nullable_keys";

  /** The Beam field description, when not empty. */
  public static final String DESCRIPTION = "beam.description";

  private BeamMetadata() {}
}
