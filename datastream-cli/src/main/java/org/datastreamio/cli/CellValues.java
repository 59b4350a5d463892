package org.datastreamio.cli;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Plain Java values of Arrow cells for printing: strings for text, ISO instants for zoned
 * timestamps (Arrow gives raw epoch numbers), base64 for binary. Works on any Arrow schema, so
 * {@code cat} prints streams whose types Beam cannot represent.
 */
final class CellValues {
  private CellValues() {}

  static Map<String, Object> row(VectorSchemaRoot root, int index) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (FieldVector v : root.getFieldVectors()) {
      row.put(v.getName(), value(v, index));
    }
    return row;
  }

  static Object value(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof TimeStampVector
        && vector.getField().getType() instanceof ArrowType.Timestamp) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
      if (type.getTimezone() != null) {
        long raw = ((TimeStampVector) vector).get(index);
        return toInstant(raw, type.getUnit()).toString();
      }
    }
    return plain(vector.getObject(index));
  }

  private static Instant toInstant(long raw, TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return Instant.ofEpochSecond(raw);
      case MILLISECOND:
        return Instant.ofEpochMilli(raw);
      case MICROSECOND:
        return Instant.ofEpochSecond(
            Math.floorDiv(raw, 1_000_000L), Math.floorMod(raw, 1_000_000L) * 1000);
      default:
        return Instant.ofEpochSecond(
            Math.floorDiv(raw, 1_000_000_000L), Math.floorMod(raw, 1_000_000_000L));
    }
  }

  @SuppressWarnings("unchecked")
  private static Object plain(Object o) {
    if (o instanceof Text) {
      return o.toString();
    }
    if (o instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) o);
    }
    if (o instanceof List) {
      List<Object> out = new java.util.ArrayList<>();
      for (Object e : (List<Object>) o) {
        out.add(plain(e));
      }
      return out;
    }
    if (o instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
        out.put(String.valueOf(plain(e.getKey())), plain(e.getValue()));
      }
      return out;
    }
    if (o instanceof java.time.temporal.TemporalAccessor || o instanceof java.time.Duration) {
      return o.toString();
    }
    return o;
  }
}
