package org.datastreamio.arrow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Readers for lists, maps and structs, copying every element into fresh Java collections and Rows.
 */
final class NestedReaders {
  private NestedReaders() {}

  static final class ListOf extends FieldReader {
    private final ValueVector v;
    private final @Nullable ListVector list;
    private final @Nullable LargeListVector large;
    private final int fixedSize;
    private final FieldReader element;

    ListOf(ValueVector v, FieldReader element) {
      this.v = v;
      this.list = v instanceof ListVector ? (ListVector) v : null;
      this.large = v instanceof LargeListVector ? (LargeListVector) v : null;
      this.fixedSize =
          v instanceof FixedSizeListVector ? ((FixedSizeListVector) v).getListSize() : -1;
      this.element = element;
    }

    @Override
    void startBatch() {
      element.startBatch();
    }

    @Override
    @Nullable Object read(int i) {
      if (v.isNull(i)) {
        return null;
      }
      int start;
      int end;
      if (list != null) {
        start = list.getOffsetBuffer().getInt((long) i * 4);
        end = list.getOffsetBuffer().getInt((long) i * 4 + 4);
      } else if (large != null) {
        start = Math.toIntExact(large.getOffsetBuffer().getLong((long) i * 8));
        end = Math.toIntExact(large.getOffsetBuffer().getLong((long) i * 8 + 8));
      } else {
        start = i * fixedSize;
        end = start + fixedSize;
      }
      List<Object> out = new ArrayList<>(end - start);
      for (int j = start; j < end; j++) {
        out.add(element.read(j));
      }
      return out;
    }
  }

  static final class MapOf extends FieldReader {
    private final MapVector v;
    private final FieldReader key;
    private final FieldReader value;

    MapOf(MapVector v, FieldReader key, FieldReader value) {
      this.v = v;
      this.key = key;
      this.value = value;
    }

    @Override
    void startBatch() {
      key.startBatch();
      value.startBatch();
    }

    @Override
    @Nullable Object read(int i) {
      if (v.isNull(i)) {
        return null;
      }
      int start = v.getOffsetBuffer().getInt((long) i * 4);
      int end = v.getOffsetBuffer().getInt((long) i * 4 + 4);
      Map<Object, Object> out = new HashMap<>((int) ((end - start) / 0.75f) + 1);
      for (int j = start; j < end; j++) {
        out.put(key.read(j), value.read(j));
      }
      return out;
    }
  }

  static final class Struct extends FieldReader {
    private final ValueVector v;
    private final FieldReader[] children;
    private final RowReading rows;

    Struct(ValueVector v, Schema schema, FieldReader[] children) {
      this.v = v;
      this.children = children;
      this.rows = new RowReading(schema, children);
    }

    @Override
    void startBatch() {
      for (FieldReader c : children) {
        c.startBatch();
      }
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : rows.row(i);
    }
  }
}
