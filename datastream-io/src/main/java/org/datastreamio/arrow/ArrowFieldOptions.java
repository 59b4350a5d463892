package org.datastreamio.arrow;

import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Beam field options that keep Arrow detail a Beam type cannot hold (decimal precision and
 * scale, timestamp unit, time zone, the source Arrow type). An option is present only where the
 * Arrow side differs from the default mapping, so a schema without options maps the default way.
 */
public final class ArrowFieldOptions {
  /** INT32: Arrow decimal precision of a plain DECIMAL field. */
  public static final String DECIMAL_PRECISION = "arrow.decimal.precision";

  /** INT32: Arrow decimal scale of a plain DECIMAL field. */
  public static final String DECIMAL_SCALE = "arrow.decimal.scale";

  /**
   * STRING: SECOND, MILLISECOND, MICROSECOND or NANOSECOND, where not the default for the Beam
   * type.
   */
  public static final String TIMESTAMP_UNIT = "arrow.timestamp.unit";

  /** STRING: the Arrow timestamp time zone, where not UTC (or none, for SqlTypes.DATETIME). */
  public static final String TIMEZONE = "arrow.timezone";

  /**
   * STRING: the Arrow type to write back where Beam has no exact type, e.g. uint64, large_string.
   */
  public static final String TYPE = "arrow.type";

  private ArrowFieldOptions() {}

  static @Nullable String string(Schema.Field field, String name) {
    Schema.Options options = field.getOptions();
    if (!options.hasOption(name)) {
      return null;
    }
    Object value = options.getValue(name);
    return value == null ? null : value.toString();
  }

  static @Nullable Integer integer(Schema.Field field, String name, String path) {
    String text = string(field, name);
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new UnsupportedTypeException(
          "Field '" + path + "' has option " + name + "='" + text + "', which is not an integer");
    }
  }

  /** Options holding the given name/value pairs (values are Integer or String). */
  static Schema.Options of(Map<String, Object> values) {
    Schema.Options.Builder builder = Schema.Options.builder();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      builder.setOption(
          e.getKey(), v instanceof Integer ? Schema.FieldType.INT32 : Schema.FieldType.STRING, v);
    }
    return builder.build();
  }
}
