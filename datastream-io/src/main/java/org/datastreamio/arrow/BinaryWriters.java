package org.datastreamio.arrow;

import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;

/** Writers for strings, enumerations and bytes. */
final class BinaryWriters {
  private BinaryWriters() {}

  /** STRING into utf8, large_string or string_view, encoded without a per-value allocation. */
  static final class Text extends FieldWriter {
    private final VariableWidthFieldVector v;
    private final Utf8 utf8 = new Utf8();

    Text(String path, FieldType type, VariableWidthFieldVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      int length = utf8.encode((String) value);
      v.setSafe(index, utf8.buffer(), 0, length);
      return length + 4;
    }
  }

  /** EnumerationType values as their names. */
  static final class Enumeration extends FieldWriter {
    private final VariableWidthFieldVector v;
    private final EnumerationType enumType;
    private final Utf8 utf8 = new Utf8();

    Enumeration(String path, FieldType type, VariableWidthFieldVector v) {
      super(path, type, v);
      this.v = v;
      this.enumType = type.getLogicalType(EnumerationType.class);
    }

    @Override
    int writeValue(int index, Object value) {
      String name;
      try {
        name = enumType.toString((EnumerationType.Value) value);
      } catch (RuntimeException e) {
        if (e instanceof ClassCastException) {
          throw e;
        }
        throw misfit(value, "not one of " + enumType.getValues());
      }
      if (name == null) {
        throw misfit(value, "not one of " + enumType.getValues());
      }
      int length = utf8.encode(name);
      v.setSafe(index, utf8.buffer(), 0, length);
      return length + 4;
    }
  }

  /** BYTES into binary, large_binary or binary_view. */
  static final class Bytes extends FieldWriter {
    private final VariableWidthFieldVector v;

    Bytes(String path, FieldType type, VariableWidthFieldVector v) {
      super(path, type, v);
      this.v = v;
    }

    @Override
    int writeValue(int index, Object value) {
      byte[] bytes = (byte[]) value;
      v.setSafe(index, bytes, 0, bytes.length);
      return bytes.length + 4;
    }
  }

  /** FixedBytes(N) into fixed_size_binary(N); other lengths fail. */
  static final class Fixed extends FieldWriter {
    private final FixedSizeBinaryVector v;
    private final int width;

    Fixed(String path, FieldType type, FixedSizeBinaryVector v) {
      super(path, type, v);
      this.v = v;
      this.width = v.getByteWidth();
    }

    @Override
    int writeValue(int index, Object value) {
      byte[] bytes = (byte[]) value;
      if (bytes.length != width) {
        throw misfit(value, "it has " + bytes.length + " bytes, the field exactly " + width);
      }
      v.setSafe(index, bytes);
      return width;
    }
  }
}
