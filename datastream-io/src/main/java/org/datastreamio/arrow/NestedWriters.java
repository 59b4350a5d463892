package org.datastreamio.arrow;

import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/** Writers for ARRAY/ITERABLE (lists), MAP and ROW (struct), delegating to child writers. */
final class NestedWriters {
  private NestedWriters() {}

  /**
   * Writes the elements of a List or Iterable from {@code start}; returns bytes, count in {@code
   * count[0]}.
   */
  private static int elements(FieldWriter element, int start, Object value, int[] count) {
    int bytes = 0;
    int n = 0;
    if (value instanceof List && value instanceof RandomAccess) {
      List<?> list = (List<?>) value;
      n = list.size();
      for (int i = 0; i < n; i++) {
        bytes += element.write(start + i, list.get(i));
      }
    } else {
      for (Object o : (Iterable<?>) value) {
        bytes += element.write(start + n++, o);
      }
    }
    count[0] = n;
    return bytes;
  }

  static final class ListOf extends FieldWriter {
    private final ListVector v;
    private final FieldWriter element;
    private final int[] count = new int[1];

    ListOf(String path, FieldType type, ListVector v, FieldWriter element) {
      super(path, type, v);
      this.v = v;
      this.element = element;
    }

    @Override
    int writeValue(int index, Object value) {
      int bytes = elements(element, v.startNewValue(index), value, count);
      v.endValue(index, count[0]);
      return bytes + 4;
    }
  }

  static final class LargeListOf extends FieldWriter {
    private final LargeListVector v;
    private final FieldWriter element;
    private final int[] count = new int[1];

    LargeListOf(String path, FieldType type, LargeListVector v, FieldWriter element) {
      super(path, type, v);
      this.v = v;
      this.element = element;
    }

    @Override
    int writeValue(int index, Object value) {
      int bytes = elements(element, Math.toIntExact(v.startNewValue(index)), value, count);
      v.endValue(index, count[0]);
      return bytes + 8;
    }
  }

  /** Lists of exactly the declared size; a null list still owns its element slots. */
  static final class FixedSizeListOf extends FieldWriter {
    private final FixedSizeListVector v;
    private final FieldWriter element;
    private final int size;
    private final int[] count = new int[1];

    FixedSizeListOf(String path, FieldType type, FixedSizeListVector v, FieldWriter element) {
      super(path, type, v);
      this.v = v;
      this.element = element;
      this.size = v.getListSize();
    }

    @Override
    int writeValue(int index, Object value) {
      v.setNotNull(index);
      int bytes = elements(element, index * size, value, count);
      if (count[0] != size) {
        throw new ValueFitException(
            "Field '"
                + path
                + "' is a fixed_size_list["
                + size
                + "] but the row holds a list of "
                + count[0]
                + " elements");
      }
      return bytes;
    }

    @Override
    void writeNull(int index) {
      v.setNull(index);
      for (int i = 0; i < size; i++) {
        element.writeNull(index * size + i);
      }
    }
  }

  static final class MapOf extends FieldWriter {
    private final MapVector v;
    private final StructVector entries;
    private final FieldWriter key;
    private final FieldWriter value;

    MapOf(String path, FieldType type, MapVector v, FieldWriter key, FieldWriter value) {
      super(path, type, v);
      this.v = v;
      this.entries = (StructVector) v.getDataVector();
      this.key = key;
      this.value = value;
    }

    @Override
    int writeValue(int index, Object map) {
      int at = v.startNewValue(index);
      int bytes = 4;
      Map<?, ?> m = (Map<?, ?>) map;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        entries.setIndexDefined(at);
        bytes += key.write(at, e.getKey());
        bytes += value.write(at, e.getValue());
        at++;
      }
      v.endValue(index, m.size());
      return bytes;
    }
  }

  static final class Struct extends FieldWriter {
    private final StructVector v;
    private final FieldWriter[] children;

    Struct(String path, FieldType type, StructVector v, FieldWriter[] children) {
      super(path, type, v);
      this.v = v;
      this.children = children;
    }

    @Override
    int writeValue(int index, Object value) {
      Row row = (Row) value;
      if (row.getFieldCount() != children.length) {
        throw misfit(
            value,
            "it has " + row.getFieldCount() + " fields, the field's schema " + children.length);
      }
      v.setIndexDefined(index);
      int bytes = 0;
      FieldWriter[] c = children;
      for (int i = 0; i < c.length; i++) {
        bytes += c[i].write(index, row.getValue(i));
      }
      return bytes;
    }

    @Override
    void writeNull(int index) {
      v.setNull(index);
      for (FieldWriter child : children) {
        child.writeNull(index);
      }
    }
  }
}
