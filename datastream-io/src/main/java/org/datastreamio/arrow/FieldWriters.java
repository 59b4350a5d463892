package org.datastreamio.arrow;

import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * Builds the writer for a Beam field type and the vector {@link SchemaConverter} made for it. The
 * vector's Arrow type carries the detail (unit, precision, width), the Beam type the value class.
 */
final class FieldWriters {
  private FieldWriters() {}

  static FieldWriter create(FieldType type, FieldVector vector, String path) {
    ArrowType arrow = vector.getField().getType();
    switch (type.getTypeName()) {
      case BYTE:
        return new NumberWriters.Int8(path, type, (TinyIntVector) vector);
      case INT16:
        return vector instanceof SmallIntVector
            ? new NumberWriters.Int16(path, type, (SmallIntVector) vector)
            : new NumberWriters.Unsigned(path, type, (BaseFixedWidthVector) vector);
      case INT32:
        return vector instanceof IntVector
            ? new NumberWriters.Int32(path, type, (IntVector) vector)
            : new NumberWriters.Unsigned(path, type, (BaseFixedWidthVector) vector);
      case INT64:
        return vector instanceof BigIntVector
            ? new NumberWriters.Int64(path, type, (BigIntVector) vector)
            : new NumberWriters.Unsigned(path, type, (BaseFixedWidthVector) vector);
      case FLOAT:
        return vector instanceof Float4Vector
            ? new NumberWriters.Float32(path, type, (Float4Vector) vector)
            : new NumberWriters.HalfFloat(path, type, (Float2Vector) vector);
      case DOUBLE:
        return new NumberWriters.Float64(path, type, (Float8Vector) vector);
      case BOOLEAN:
        return new NumberWriters.Bool(path, type, (BitVector) vector);
      case STRING:
        return new BinaryWriters.Text(path, type, (VariableWidthFieldVector) vector);
      case BYTES:
        return new BinaryWriters.Bytes(path, type, (VariableWidthFieldVector) vector);
      case DECIMAL:
        return arrow instanceof ArrowType.Int
            ? new NumberWriters.UInt64(path, type, (BaseFixedWidthVector) vector)
            : new DecimalWriter(path, type, vector);
      case DATETIME:
        return temporal(
            type,
            vector,
            ((ArrowType.Timestamp) arrow).getUnit(),
            TemporalWriters.Kind.JODA_INSTANT,
            path);
      case ARRAY:
      case ITERABLE:
        return list(type, vector, path);
      case MAP:
        {
          MapVector map = (MapVector) vector;
          List<FieldVector> kv = ((StructVector) map.getDataVector()).getChildrenFromFields();
          return new NestedWriters.MapOf(
              path,
              type,
              map,
              create(type.getMapKeyType().withNullable(false), kv.get(0), path + ".key"),
              create(type.getMapValueType(), kv.get(1), path + ".value"));
        }
      case ROW:
        {
          StructVector struct = (StructVector) vector;
          Schema schema = type.getRowSchema();
          List<FieldVector> children = struct.getChildrenFromFields();
          FieldWriter[] writers = new FieldWriter[schema.getFieldCount()];
          for (int i = 0; i < writers.length; i++) {
            Schema.Field f = schema.getField(i);
            writers[i] = create(f.getType(), children.get(i), path + "." + f.getName());
          }
          return new NestedWriters.Struct(path, type, struct, writers);
        }
      case LOGICAL_TYPE:
        return logical(type, vector, arrow, path);
      default:
        throw new UnsupportedTypeException(
            "Beam field '" + path + "' has type " + type + ", which has no Arrow mapping");
    }
  }

  private static FieldWriter temporal(
      FieldType type, FieldVector vector, TimeUnit unit, TemporalWriters.Kind kind, String path) {
    return new TemporalWriters.Counts(path, type, (BaseFixedWidthVector) vector, unit, kind);
  }

  private static FieldWriter list(FieldType type, FieldVector vector, String path) {
    FieldType element = type.getCollectionElementType();
    if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      return new NestedWriters.ListOf(
          path, type, list, create(element, list.getDataVector(), path + "[]"));
    }
    if (vector instanceof LargeListVector) {
      LargeListVector list = (LargeListVector) vector;
      return new NestedWriters.LargeListOf(
          path, type, list, create(element, list.getDataVector(), path + "[]"));
    }
    FixedSizeListVector list = (FixedSizeListVector) vector;
    return new NestedWriters.FixedSizeListOf(
        path, type, list, create(element, list.getDataVector(), path + "[]"));
  }

  private static FieldWriter logical(
      FieldType type, FieldVector vector, ArrowType arrow, String path) {
    String id = type.getLogicalType().getIdentifier();
    switch (id) {
      case LogicalTypeIds.FIXED_DECIMAL:
        return new DecimalWriter(path, type, vector);
      case LogicalTypeIds.DATE:
        return new TemporalWriters.Date(path, type, (BaseFixedWidthVector) vector);
      case LogicalTypeIds.TIME:
        return temporal(
            type,
            vector,
            ((ArrowType.Time) arrow).getUnit(),
            TemporalWriters.Kind.LOCAL_TIME,
            path);
      case LogicalTypeIds.DATETIME:
        return temporal(
            type,
            vector,
            ((ArrowType.Timestamp) arrow).getUnit(),
            TemporalWriters.Kind.LOCAL_DATE_TIME,
            path);
      case LogicalTypeIds.MICROS_INSTANT:
      case LogicalTypeIds.NANOS_INSTANT:
        return temporal(
            type,
            vector,
            ((ArrowType.Timestamp) arrow).getUnit(),
            TemporalWriters.Kind.INSTANT,
            path);
      case LogicalTypeIds.NANOS_DURATION:
        return temporal(
            type,
            vector,
            ((ArrowType.Duration) arrow).getUnit(),
            TemporalWriters.Kind.DURATION,
            path);
      case LogicalTypeIds.FIXED_BYTES:
        return new BinaryWriters.Fixed(path, type, (FixedSizeBinaryVector) vector);
      case LogicalTypeIds.ENUMERATION:
        return new BinaryWriters.Enumeration(path, type, (VariableWidthFieldVector) vector);
      default:
        throw new UnsupportedTypeException(
            "Beam field '" + path + "' has logical type " + id + ", which has no Arrow mapping");
    }
  }
}
