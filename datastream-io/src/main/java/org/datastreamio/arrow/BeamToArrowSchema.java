package org.datastreamio.arrow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Beam schema to Arrow schema; see docs/type-mapping.md. */
final class BeamToArrowSchema {
  /** Spark's system default, used for a DECIMAL that declares no precision. */
  static final int DEFAULT_DECIMAL_PRECISION = 38;

  static final int DEFAULT_DECIMAL_SCALE = 18;
  static final String LIST_ITEM = "item";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BeamToArrowSchema() {}

  static org.apache.arrow.vector.types.pojo.Schema convert(Schema beamSchema) {
    List<Field> fields = new ArrayList<>(beamSchema.getFieldCount());
    for (Schema.Field f : beamSchema.getFields()) {
      fields.add(field(f, f.getName()));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  /** A Beam field, whose options may refine the Arrow type. */
  static Field field(Schema.Field beamField, String path) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (!beamField.getDescription().isEmpty()) {
      metadata.put(BeamMetadata.DESCRIPTION, beamField.getDescription());
    }
    return build(beamField.getName(), beamField.getType(), beamField, metadata, path);
  }

  /** A list element or map key/value: no options, so the default mapping. */
  private static Field element(String name, Schema.FieldType type, String path) {
    return build(name, type, null, new LinkedHashMap<>(), path);
  }

  private static Field build(
      String name,
      Schema.FieldType type,
      Schema.@Nullable Field options,
      Map<String, String> metadata,
      String path) {
    boolean nullable = type.getNullable();
    List<Field> children = null;
    ArrowType arrowType;
    String override =
        options == null ? null : ArrowFieldOptions.string(options, ArrowFieldOptions.TYPE);
    switch (type.getTypeName()) {
      case BYTE:
        arrowType = new ArrowType.Int(8, true);
        break;
      case INT16:
        arrowType =
            "uint8".equals(override) ? new ArrowType.Int(8, false) : new ArrowType.Int(16, true);
        break;
      case INT32:
        arrowType =
            "uint16".equals(override) ? new ArrowType.Int(16, false) : new ArrowType.Int(32, true);
        break;
      case INT64:
        arrowType =
            "uint32".equals(override) ? new ArrowType.Int(32, false) : new ArrowType.Int(64, true);
        break;
      case FLOAT:
        arrowType =
            new ArrowType.FloatingPoint(
                "halffloat".equals(override)
                    ? FloatingPointPrecision.HALF
                    : FloatingPointPrecision.SINGLE);
        break;
      case DOUBLE:
        arrowType = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        break;
      case STRING:
        arrowType =
            "large_string".equals(override)
                ? ArrowType.LargeUtf8.INSTANCE
                : "string_view".equals(override)
                    ? ArrowType.Utf8View.INSTANCE
                    : ArrowType.Utf8.INSTANCE;
        break;
      case BOOLEAN:
        arrowType = ArrowType.Bool.INSTANCE;
        break;
      case BYTES:
        arrowType =
            "large_binary".equals(override)
                ? ArrowType.LargeBinary.INSTANCE
                : "binary_view".equals(override)
                    ? ArrowType.BinaryView.INSTANCE
                    : ArrowType.Binary.INSTANCE;
        break;
      case DECIMAL:
        arrowType = plainDecimal(options, override, metadata, path);
        break;
      case DATETIME:
        arrowType = timestamp(options, TimeUnit.MILLISECOND, "UTC", path);
        break;
      case ARRAY:
      case ITERABLE:
        if (type.getTypeName() == TypeName.ITERABLE) {
          metadata.put(BeamMetadata.TYPE, "ITERABLE");
        }
        Field item = element(LIST_ITEM, type.getCollectionElementType(), path + "[]");
        children = List.of(item);
        arrowType = listType(override, path);
        break;
      case MAP:
        Schema.FieldType keyType = type.getMapKeyType();
        if (keyType.getNullable()) {
          metadata.put(BeamMetadata.NULLABLE_KEYS, "true");
        }
        Field key = element("key", keyType.withNullable(false), path + ".key");
        Field value = element("value", type.getMapValueType(), path + ".value");
        children =
            List.of(
                new Field(
                    "entries",
                    FieldType.notNullable(ArrowType.Struct.INSTANCE),
                    List.of(key, value)));
        arrowType = new ArrowType.Map(false);
        break;
      case ROW:
        children = new ArrayList<>();
        for (Schema.Field f : type.getRowSchema().getFields()) {
          children.add(field(f, path + "." + f.getName()));
        }
        arrowType = ArrowType.Struct.INSTANCE;
        break;
      case LOGICAL_TYPE:
        arrowType = logical(type.getLogicalType(), options, override, metadata, path);
        break;
      default:
        throw new UnsupportedTypeException(
            "Beam field '"
                + path
                + "' has type "
                + type
                + ", which has no Arrow mapping; convert it to a supported type first (see docs/type-mapping.md)");
    }
    return new Field(
        name,
        new FieldType(nullable, arrowType, null, metadata.isEmpty() ? null : metadata),
        children);
  }

  private static ArrowType listType(@Nullable String override, String path) {
    if (override == null) {
      return ArrowType.List.INSTANCE;
    }
    if (override.equals("large_list")) {
      return ArrowType.LargeList.INSTANCE;
    }
    if (override.startsWith("fixed_size_list[") && override.endsWith("]")) {
      try {
        return new ArrowType.FixedSizeList(
            Integer.parseInt(override.substring(16, override.length() - 1)));
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new UnsupportedTypeException(
        "Beam field '"
            + path
            + "' has option "
            + ArrowFieldOptions.TYPE
            + "='"
            + override
            + "'; a list field accepts large_list or fixed_size_list[N]");
  }

  private static ArrowType plainDecimal(
      Schema.@Nullable Field options,
      @Nullable String override,
      Map<String, String> metadata,
      String path) {
    if ("uint64".equals(override)) {
      return new ArrowType.Int(64, false);
    }
    Integer precision =
        options == null
            ? null
            : ArrowFieldOptions.integer(options, ArrowFieldOptions.DECIMAL_PRECISION, path);
    Integer scale =
        options == null
            ? null
            : ArrowFieldOptions.integer(options, ArrowFieldOptions.DECIMAL_SCALE, path);
    if (precision == null && scale == null) {
      // Marked so that reading gives back a DECIMAL without options.
      metadata.put(BeamMetadata.TYPE, "DECIMAL");
      return decimal(DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE, path);
    }
    if (precision == null) {
      throw new UnsupportedTypeException(
          "Beam field '"
              + path
              + "' has option "
              + ArrowFieldOptions.DECIMAL_SCALE
              + " but not "
              + ArrowFieldOptions.DECIMAL_PRECISION
              + "; set both");
    }
    return decimal(precision, scale == null ? 0 : scale, path);
  }

  static ArrowType.Decimal decimal(int precision, int scale, String path) {
    if (precision < 1 || precision > 76 || scale > precision || scale < 0) {
      throw new UnsupportedTypeException(
          "Field '"
              + path
              + "' declares decimal("
              + precision
              + ", "
              + scale
              + "); Arrow decimals need 1 <= precision <= 76 and 0 <= scale <= precision");
    }
    return new ArrowType.Decimal(precision, scale, precision > 38 ? 256 : 128);
  }

  private static ArrowType timestamp(
      Schema.@Nullable Field options,
      TimeUnit defaultUnit,
      @Nullable String defaultZone,
      String path) {
    TimeUnit unit = defaultUnit;
    String zone = defaultZone;
    if (options != null) {
      String u = ArrowFieldOptions.string(options, ArrowFieldOptions.TIMESTAMP_UNIT);
      if (u != null) {
        try {
          unit = TimeUnit.valueOf(u.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new UnsupportedTypeException(
              "Beam field '"
                  + path
                  + "' has option "
                  + ArrowFieldOptions.TIMESTAMP_UNIT
                  + "='"
                  + u
                  + "'; use SECOND, MILLISECOND, MICROSECOND or NANOSECOND");
        }
      }
      String z = ArrowFieldOptions.string(options, ArrowFieldOptions.TIMEZONE);
      if (z != null) {
        zone = z;
      }
    }
    return new ArrowType.Timestamp(unit, zone);
  }

  private static ArrowType logical(
      Schema.LogicalType<?, ?> logicalType,
      Schema.@Nullable Field options,
      @Nullable String override,
      Map<String, String> metadata,
      String path) {
    String id = logicalType.getIdentifier();
    switch (id) {
      case LogicalTypeIds.FIXED_DECIMAL:
        {
          Row arg = (Row) logicalType.getArgument();
          metadata.put(BeamMetadata.LOGICAL_TYPE, id);
          return decimal(arg.getInt32("precision"), arg.getInt32("scale"), path);
        }
      case LogicalTypeIds.DATE:
        return "date64[ms]".equals(override)
            ? new ArrowType.Date(DateUnit.MILLISECOND)
            : new ArrowType.Date(DateUnit.DAY);
      case LogicalTypeIds.TIME:
        if (override == null) {
          return new ArrowType.Time(TimeUnit.NANOSECOND, 64);
        }
        switch (override) {
          case "time32[s]":
            return new ArrowType.Time(TimeUnit.SECOND, 32);
          case "time32[ms]":
            return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
          case "time64[us]":
            return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
          default:
            throw new UnsupportedTypeException(
                "Beam field '"
                    + path
                    + "' has option "
                    + ArrowFieldOptions.TYPE
                    + "='"
                    + override
                    + "'; a TIME field accepts time32[s], time32[ms] or time64[us]");
        }
      case LogicalTypeIds.DATETIME:
        return timestamp(options, TimeUnit.MICROSECOND, null, path);
      case LogicalTypeIds.MICROS_INSTANT:
        return timestamp(options, TimeUnit.MICROSECOND, "UTC", path);
      case LogicalTypeIds.NANOS_INSTANT:
        return timestamp(options, TimeUnit.NANOSECOND, "UTC", path);
      case LogicalTypeIds.NANOS_DURATION:
        if (override == null) {
          return new ArrowType.Duration(TimeUnit.NANOSECOND);
        }
        switch (override) {
          case "duration[s]":
            return new ArrowType.Duration(TimeUnit.SECOND);
          case "duration[ms]":
            return new ArrowType.Duration(TimeUnit.MILLISECOND);
          case "duration[us]":
            return new ArrowType.Duration(TimeUnit.MICROSECOND);
          default:
            throw new UnsupportedTypeException(
                "Beam field '"
                    + path
                    + "' has option "
                    + ArrowFieldOptions.TYPE
                    + "='"
                    + override
                    + "'; a duration field accepts duration[s], duration[ms] or duration[us]");
        }
      case LogicalTypeIds.FIXED_BYTES:
        return new ArrowType.FixedSizeBinary(((FixedBytes) logicalType).getLength());
      case LogicalTypeIds.ENUMERATION:
        {
          metadata.put(BeamMetadata.LOGICAL_TYPE, id);
          metadata.put(BeamMetadata.ENUM_VALUES, enumJson((EnumerationType) logicalType));
          return ArrowType.Utf8.INSTANCE;
        }
      default:
        throw new UnsupportedTypeException(
            "Beam field '"
                + path
                + "' has logical type "
                + id
                + " ("
                + logicalType.getClass().getSimpleName()
                + "), which has no Arrow mapping; convert it to its base type "
                + logicalType.getBaseType()
                + " or a supported type first (see docs/type-mapping.md)");
    }
  }

  private static String enumJson(EnumerationType enumType) {
    Map<String, Integer> values = new LinkedHashMap<>();
    for (String name : enumType.getValues()) {
      values.put(name, enumType.getEnumValue(name));
    }
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
