package org.datastreamio.arrow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Arrow schema to Beam schema; see docs/type-mapping.md. Arrow detail Beam cannot hold goes into
 * {@link ArrowFieldOptions} on the Beam field. List elements and map keys/values have no field
 * options in Beam, so there a decimal becomes FixedPrecisionNumeric and other detail is dropped.
 */
final class ArrowToBeamSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArrowToBeamSchema() {}

  static Schema convert(
      org.apache.arrow.vector.types.pojo.Schema arrowSchema,
      @Nullable DictionaryProvider provider) {
    return rowSchema(arrowSchema.getFields(), "", provider);
  }

  private static Schema rowSchema(
      List<Field> fields, String parentPath, @Nullable DictionaryProvider provider) {
    Schema.Builder builder = Schema.builder();
    for (Field f : fields) {
      builder.addField(
          field(f, parentPath.isEmpty() ? f.getName() : parentPath + "." + f.getName(), provider));
    }
    return builder.build();
  }

  static Schema.Field field(Field arrowField, String path, @Nullable DictionaryProvider provider) {
    Map<String, Object> options = new LinkedHashMap<>();
    FieldType type = type(arrowField, path, options, provider);
    Schema.Field field = Schema.Field.of(arrowField.getName(), type);
    String description = metadata(arrowField, BeamMetadata.DESCRIPTION);
    if (description != null) {
      field = field.withDescription(description);
    }
    return options.isEmpty() ? field : field.withOptions(ArrowFieldOptions.of(options));
  }

  /** {@code options} is null for list elements and map keys/values, which cannot carry options. */
  static FieldType type(
      Field field,
      String path,
      @Nullable Map<String, Object> options,
      @Nullable DictionaryProvider provider) {
    Field f =
        field.getDictionary() == null ? field : DictionaryFields.valueField(field, provider, path);
    ArrowType t = f.getType();
    FieldType type;
    switch (t.getTypeID()) {
      case Int:
        {
          ArrowType.Int i = (ArrowType.Int) t;
          if (i.getIsSigned()) {
            type =
                i.getBitWidth() == 8
                    ? FieldType.BYTE
                    : i.getBitWidth() == 16
                        ? FieldType.INT16
                        : i.getBitWidth() == 32 ? FieldType.INT32 : FieldType.INT64;
          } else if (i.getBitWidth() == 64) {
            put(options, ArrowFieldOptions.TYPE, "uint64");
            put(options, ArrowFieldOptions.DECIMAL_PRECISION, 20);
            put(options, ArrowFieldOptions.DECIMAL_SCALE, 0);
            type =
                options == null
                    ? FieldType.logicalType(FixedPrecisionNumeric.of(20, 0))
                    : FieldType.DECIMAL;
          } else {
            put(options, ArrowFieldOptions.TYPE, "uint" + i.getBitWidth());
            type =
                i.getBitWidth() == 8
                    ? FieldType.INT16
                    : i.getBitWidth() == 16 ? FieldType.INT32 : FieldType.INT64;
          }
          break;
        }
      case FloatingPoint:
        switch (((ArrowType.FloatingPoint) t).getPrecision()) {
          case HALF:
            put(options, ArrowFieldOptions.TYPE, "halffloat");
            type = FieldType.FLOAT;
            break;
          case SINGLE:
            type = FieldType.FLOAT;
            break;
          default:
            type = FieldType.DOUBLE;
        }
        break;
      case Utf8:
        type = FieldType.STRING;
        if (LogicalTypeIds.ENUMERATION.equals(metadata(f, BeamMetadata.LOGICAL_TYPE))) {
          type = FieldType.logicalType(enumeration(f, path));
        }
        break;
      case LargeUtf8:
        put(options, ArrowFieldOptions.TYPE, "large_string");
        type = FieldType.STRING;
        break;
      case Utf8View:
        put(options, ArrowFieldOptions.TYPE, "string_view");
        type = FieldType.STRING;
        break;
      case Binary:
        type = FieldType.BYTES;
        break;
      case LargeBinary:
        put(options, ArrowFieldOptions.TYPE, "large_binary");
        type = FieldType.BYTES;
        break;
      case BinaryView:
        put(options, ArrowFieldOptions.TYPE, "binary_view");
        type = FieldType.BYTES;
        break;
      case FixedSizeBinary:
        type = FieldType.logicalType(FixedBytes.of(((ArrowType.FixedSizeBinary) t).getByteWidth()));
        break;
      case Bool:
        type = FieldType.BOOLEAN;
        break;
      case Decimal:
        type = decimal(f, (ArrowType.Decimal) t, options);
        break;
      case Date:
        if (((ArrowType.Date) t).getUnit() == DateUnit.MILLISECOND) {
          put(options, ArrowFieldOptions.TYPE, "date64[ms]");
        }
        type = FieldType.logicalType(SqlTypes.DATE);
        break;
      case Time:
        {
          TimeUnit unit = ((ArrowType.Time) t).getUnit();
          if (unit != TimeUnit.NANOSECOND) {
            put(
                options,
                ArrowFieldOptions.TYPE,
                unit == TimeUnit.MICROSECOND
                    ? "time64[us]"
                    : "time32[" + TimeUnits.suffix(unit) + "]");
          }
          type = FieldType.logicalType(SqlTypes.TIME);
          break;
        }
      case Timestamp:
        type = timestamp((ArrowType.Timestamp) t, options);
        break;
      case Duration:
        {
          TimeUnit unit = ((ArrowType.Duration) t).getUnit();
          if (unit != TimeUnit.NANOSECOND) {
            put(options, ArrowFieldOptions.TYPE, "duration[" + TimeUnits.suffix(unit) + "]");
          }
          type = FieldType.logicalType(new NanosDuration());
          break;
        }
      case List:
      case LargeList:
      case FixedSizeList:
        {
          if (t.getTypeID() == ArrowType.ArrowTypeID.LargeList) {
            put(options, ArrowFieldOptions.TYPE, "large_list");
          } else if (t.getTypeID() == ArrowType.ArrowTypeID.FixedSizeList) {
            put(
                options,
                ArrowFieldOptions.TYPE,
                "fixed_size_list[" + ((ArrowType.FixedSizeList) t).getListSize() + "]");
          }
          FieldType element = type(f.getChildren().get(0), path + "[]", null, provider);
          type =
              "ITERABLE".equals(metadata(f, BeamMetadata.TYPE))
                  ? FieldType.iterable(element)
                  : FieldType.array(element);
          break;
        }
      case Map:
        {
          Field entries = f.getChildren().get(0);
          FieldType key = type(entries.getChildren().get(0), path + ".key", null, provider);
          if ("true".equals(metadata(f, BeamMetadata.NULLABLE_KEYS))) {
            key = key.withNullable(true);
          }
          type =
              FieldType.map(
                  key, type(entries.getChildren().get(1), path + ".value", null, provider));
          break;
        }
      case Struct:
        type = FieldType.row(rowSchema(f.getChildren(), path, provider));
        break;
      default:
        throw unsupported(path, t);
    }
    return type.withNullable(f.isNullable());
  }

  static UnsupportedTypeException unsupported(String path, ArrowType type) {
    return new UnsupportedTypeException(
        "Arrow field '"
            + path
            + "' has type "
            + type
            + ", which has no Beam type; cast it to a supported type before it reaches Beam (e.g. in pyarrow: "
            + "table.cast(new_schema) or pyarrow.compute.cast; dictionary_decode / unify run-end and union columns); "
            + "see docs/type-mapping.md");
  }

  private static FieldType decimal(
      Field f, ArrowType.Decimal d, @Nullable Map<String, Object> options) {
    if ("DECIMAL".equals(metadata(f, BeamMetadata.TYPE))
        && d.getPrecision() == BeamToArrowSchema.DEFAULT_DECIMAL_PRECISION
        && d.getScale() == BeamToArrowSchema.DEFAULT_DECIMAL_SCALE) {
      return FieldType.DECIMAL;
    }
    if (LogicalTypeIds.FIXED_DECIMAL.equals(metadata(f, BeamMetadata.LOGICAL_TYPE))
        || options == null) {
      return FieldType.logicalType(FixedPrecisionNumeric.of(d.getPrecision(), d.getScale()));
    }
    options.put(ArrowFieldOptions.DECIMAL_PRECISION, d.getPrecision());
    options.put(ArrowFieldOptions.DECIMAL_SCALE, d.getScale());
    return FieldType.DECIMAL;
  }

  private static FieldType timestamp(
      ArrowType.Timestamp ts, @Nullable Map<String, Object> options) {
    TimeUnit unit = ts.getUnit();
    String zone = ts.getTimezone();
    if (zone == null) {
      if (unit != TimeUnit.MICROSECOND) {
        put(options, ArrowFieldOptions.TIMESTAMP_UNIT, unit.name());
      }
      return FieldType.logicalType(SqlTypes.DATETIME);
    }
    if (!zone.equals("UTC")) {
      put(options, ArrowFieldOptions.TIMEZONE, zone);
    }
    switch (unit) {
      case SECOND:
        put(options, ArrowFieldOptions.TIMESTAMP_UNIT, unit.name());
        return FieldType.DATETIME;
      case MILLISECOND:
        return FieldType.DATETIME;
      case MICROSECOND:
        return FieldType.logicalType(new MicrosInstant());
      default:
        return FieldType.logicalType(new NanosInstant());
    }
  }

  private static EnumerationType enumeration(Field f, String path) {
    String json = metadata(f, BeamMetadata.ENUM_VALUES);
    try {
      Map<String, Integer> values =
          JSON.readValue(json, new TypeReference<LinkedHashMap<String, Integer>>() {});
      return EnumerationType.create(values);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new UnsupportedTypeException(
          "Arrow field '"
              + path
              + "' is marked as a Beam enumeration but its metadata "
              + BeamMetadata.ENUM_VALUES
              + "="
              + json
              + " is not a JSON object of name to number: "
              + e.getMessage());
    }
  }

  static @Nullable String metadata(Field f, String key) {
    Map<String, String> metadata = f.getMetadata();
    return metadata == null ? null : metadata.get(key);
  }

  private static void put(@Nullable Map<String, Object> options, String key, Object value) {
    if (options != null) {
      options.put(key, value);
    }
  }

  static List<String> names(List<Field> fields) {
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      names.add(f.getName());
    }
    return names;
  }
}
