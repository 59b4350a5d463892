package org.datastreamio.arrow;

/**
 * Identifiers of the Beam logical types that have an Arrow mapping. Literals because switch labels
 * need constants and some Beam IDENTIFIER fields are not; LogicalTypeIdsTest checks they match.
 */
final class LogicalTypeIds {
  static final String FIXED_DECIMAL = "beam:logical_type:fixed_decimal:v1";
  static final String DATE = "beam:logical_type:date:v1";
  static final String TIME = "beam:logical_type:time:v1";
  static final String DATETIME = "beam:logical_type:datetime:v1";
  static final String MICROS_INSTANT = "beam:logical_type:micros_instant:v1";
  static final String NANOS_INSTANT = "beam:logical_type:nanos_instant:v1";
  static final String NANOS_DURATION = "beam:logical_type:nanos_duration:v1";
  static final String FIXED_BYTES = "beam:logical_type:fixed_bytes:v1";
  static final String ENUMERATION = "Enum";

  private LogicalTypeIds() {}
}
