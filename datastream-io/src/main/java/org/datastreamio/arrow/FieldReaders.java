package org.datastreamio.arrow;

import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Plans the reader for a (Beam field type, Arrow field) pair, failing up front when the Arrow type
 * does not convert to the Beam type, then binds it to vectors batch after batch.
 */
final class FieldReaders {
  private FieldReaders() {}

  static FieldReader.Plan plan(
      FieldType beam, Field arrow, String path, @Nullable DictionaryProvider provider) {
    FieldReader.Plan plan;
    DictionaryEncoding encoding = arrow.getDictionary();
    if (encoding != null) {
      Field valueField = DictionaryFields.valueField(arrow, provider, path);
      FieldReader.Plan values = direct(beam.withNullable(true), valueField, path, provider);
      long id = encoding.getId();
      plan = v -> new DictionaryReader((BaseIntVector) v, id, provider, values, path);
    } else {
      plan = direct(beam, arrow, path, provider);
    }
    if (!beam.getNullable() && arrow.isNullable()) {
      FieldReader.Plan inner = plan;
      plan = v -> new NotNullReader(inner.bind(v), path);
    }
    return plan;
  }

  private static FieldReader.Plan direct(
      FieldType beam, Field arrow, String path, @Nullable DictionaryProvider provider) {
    ArrowType t = arrow.getType();
    TypeName tn = beam.getTypeName();
    String lt = tn == TypeName.LOGICAL_TYPE ? beam.getLogicalType().getIdentifier() : "";
    switch (t.getTypeID()) {
      case Int:
        {
          ArrowType.Int i = (ArrowType.Int) t;
          int bits = i.getBitWidth();
          if (i.getIsSigned()) {
            if (bits == 8 && tn == TypeName.BYTE) {
              return v -> new NumberReaders.Int8((TinyIntVector) v);
            } else if (bits == 16 && tn == TypeName.INT16) {
              return v -> new NumberReaders.Int16((SmallIntVector) v);
            } else if (bits == 32 && tn == TypeName.INT32) {
              return v -> new NumberReaders.Int32((IntVector) v);
            } else if (bits == 64 && tn == TypeName.INT64) {
              return v -> new NumberReaders.Int64((BigIntVector) v);
            }
          } else if (bits == 64
              && (tn == TypeName.DECIMAL || lt.equals(LogicalTypeIds.FIXED_DECIMAL))) {
            return NumberReaders.UInt64::new;
          } else if ((bits == 8 && tn == TypeName.INT16)
              || (bits == 16 && tn == TypeName.INT32)
              || (bits == 32 && tn == TypeName.INT64)) {
            return v -> new NumberReaders.Unsigned(v, bits, tn);
          }
          break;
        }
      case FloatingPoint:
        {
          FloatingPointPrecision p = ((ArrowType.FloatingPoint) t).getPrecision();
          if (p == FloatingPointPrecision.HALF && tn == TypeName.FLOAT) {
            return v -> new NumberReaders.HalfFloat((Float2Vector) v);
          } else if (p == FloatingPointPrecision.SINGLE && tn == TypeName.FLOAT) {
            return v -> new NumberReaders.Float32((Float4Vector) v);
          } else if (p == FloatingPointPrecision.DOUBLE && tn == TypeName.DOUBLE) {
            return v -> new NumberReaders.Float64((Float8Vector) v);
          }
          break;
        }
      case Utf8:
      case LargeUtf8:
      case Utf8View:
        if (tn == TypeName.STRING) {
          return FieldReaders::text;
        } else if (lt.equals(LogicalTypeIds.ENUMERATION)) {
          EnumerationType enumType = beam.getLogicalType(EnumerationType.class);
          return v -> new BinaryReaders.Enumeration(text(v), enumType, path);
        }
        break;
      case Binary:
      case LargeBinary:
      case BinaryView:
        if (tn == TypeName.BYTES) {
          return v -> new BinaryReaders.Bytes((VariableWidthFieldVector) v);
        }
        break;
      case FixedSizeBinary:
        if (tn == TypeName.BYTES
            || (lt.equals(LogicalTypeIds.FIXED_BYTES)
                && beam.getLogicalType(FixedBytes.class).getLength()
                    == ((ArrowType.FixedSizeBinary) t).getByteWidth())) {
          return v -> new BinaryReaders.Fixed((FixedSizeBinaryVector) v);
        }
        break;
      case Bool:
        if (tn == TypeName.BOOLEAN) {
          return v -> new NumberReaders.Bool((BitVector) v);
        }
        break;
      case Decimal:
        if (tn == TypeName.DECIMAL
            || (lt.equals(LogicalTypeIds.FIXED_DECIMAL)
                && sameScale(beam, (ArrowType.Decimal) t))) {
          return DecimalReader::new;
        }
        break;
      case Date:
        if (lt.equals(LogicalTypeIds.DATE)) {
          return v ->
              new TemporalReaders.Counts(
                  v, TimeUnit.MILLISECOND, TemporalReaders.Target.LOCAL_DATE, path);
        }
        break;
      case Time:
        if (lt.equals(LogicalTypeIds.TIME)) {
          TimeUnit unit = ((ArrowType.Time) t).getUnit();
          return v -> new TemporalReaders.Counts(v, unit, TemporalReaders.Target.LOCAL_TIME, path);
        }
        break;
      case Timestamp:
        {
          TemporalReaders.Target target =
              tn == TypeName.DATETIME
                  ? TemporalReaders.Target.JODA_INSTANT
                  : lt.equals(LogicalTypeIds.MICROS_INSTANT)
                      ? TemporalReaders.Target.INSTANT_MICROS
                      : lt.equals(LogicalTypeIds.NANOS_INSTANT)
                          ? TemporalReaders.Target.INSTANT_NANOS
                          : lt.equals(LogicalTypeIds.DATETIME)
                              ? TemporalReaders.Target.LOCAL_DATE_TIME
                              : null;
          if (target != null) {
            TimeUnit unit = ((ArrowType.Timestamp) t).getUnit();
            return v -> new TemporalReaders.Counts(v, unit, target, path);
          }
          break;
        }
      case Duration:
        if (lt.equals(LogicalTypeIds.NANOS_DURATION)) {
          TimeUnit unit = ((ArrowType.Duration) t).getUnit();
          return v -> new TemporalReaders.Counts(v, unit, TemporalReaders.Target.DURATION, path);
        }
        break;
      case List:
      case LargeList:
      case FixedSizeList:
        if (tn == TypeName.ARRAY || tn == TypeName.ITERABLE) {
          FieldReader.Plan element =
              plan(
                  beam.getCollectionElementType(),
                  arrow.getChildren().get(0),
                  path + "[]",
                  provider);
          return v -> new NestedReaders.ListOf(v, element.bind(listData(v)));
        }
        break;
      case Map:
        if (tn == TypeName.MAP) {
          List<Field> kv = arrow.getChildren().get(0).getChildren();
          FieldReader.Plan key = plan(beam.getMapKeyType(), kv.get(0), path + ".key", provider);
          FieldReader.Plan value =
              plan(beam.getMapValueType(), kv.get(1), path + ".value", provider);
          return v -> {
            MapVector map = (MapVector) v;
            StructVector entries = (StructVector) map.getDataVector();
            return new NestedReaders.MapOf(
                map,
                key.bind(entries.getChildByOrdinal(0)),
                value.bind(entries.getChildByOrdinal(1)));
          };
        }
        break;
      case Struct:
        if (tn == TypeName.ROW) {
          return struct(beam.getRowSchema(), arrow.getChildren(), path, provider);
        }
        break;
      default:
        throw ArrowToBeamSchema.unsupported(path, t);
    }
    throw new UnsupportedTypeException(
        "Arrow field '"
            + path
            + "' has type "
            + t
            + ", which does not convert to the Beam type "
            + beam
            + " (it converts to "
            + ArrowToBeamSchema.type(arrow, path, null, provider)
            + "); fix the Beam schema or cast the Arrow column");
  }

  private static FieldReader.Plan struct(
      Schema schema,
      List<Field> arrowChildren,
      String path,
      @Nullable DictionaryProvider provider) {
    int n = schema.getFieldCount();
    FieldReader.Plan[] plans = new FieldReader.Plan[n];
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      Schema.Field f = schema.getField(i);
      String childPath = path + "." + f.getName();
      positions[i] = position(arrowChildren, f.getName(), childPath);
      plans[i] = plan(f.getType(), arrowChildren.get(positions[i]), childPath, provider);
    }
    return v -> {
      StructVector struct = (StructVector) v;
      FieldReader[] readers = new FieldReader[n];
      for (int i = 0; i < n; i++) {
        readers[i] = plans[i].bind(struct.getChildByOrdinal(positions[i]));
      }
      return new NestedReaders.Struct(v, schema, readers);
    };
  }

  /** Where the Arrow field of that name sits; matching by name lets column order differ. */
  static int position(List<Field> fields, String name, String path) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(name)) {
        return i;
      }
    }
    throw new UnsupportedTypeException(
        "Beam field '"
            + path
            + "' has no Arrow field of that name; the Arrow fields there are "
            + ArrowToBeamSchema.names(fields));
  }

  private static boolean sameScale(FieldType beam, ArrowType.Decimal d) {
    Row arg = (Row) beam.getLogicalType().getArgument();
    return arg.getInt32("scale") == d.getScale() && arg.getInt32("precision") >= d.getPrecision();
  }

  private static FieldReader text(ValueVector v) {
    return v instanceof BaseVariableWidthVector
        ? new BinaryReaders.Utf8Text((BaseVariableWidthVector) v)
        : new BinaryReaders.OtherText((VariableWidthFieldVector) v);
  }

  private static ValueVector listData(ValueVector v) {
    if (v instanceof ListVector) {
      return ((ListVector) v).getDataVector();
    } else if (v instanceof LargeListVector) {
      return ((LargeListVector) v).getDataVector();
    }
    return ((FixedSizeListVector) v).getDataVector();
  }
}
