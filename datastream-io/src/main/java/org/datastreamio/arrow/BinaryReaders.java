package org.datastreamio.arrow;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Readers for strings, enumerations and bytes. */
final class BinaryReaders {
  private BinaryReaders() {}

  /** utf8 read straight from the offset and data buffers through a reused scratch array. */
  static final class Utf8Text extends FieldReader {
    private final BaseVariableWidthVector v;
    private byte[] scratch = new byte[256];

    Utf8Text(BaseVariableWidthVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      if (v.isNull(i)) {
        return null;
      }
      int start = v.getStartOffset(i);
      int length = v.getEndOffset(i) - start;
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      v.getDataBuffer().getBytes(start, scratch, 0, length);
      return Utf8.decode(scratch, length);
    }
  }

  /** large_string and string_view. */
  static final class OtherText extends FieldReader {
    private final VariableWidthFieldVector v;

    OtherText(VariableWidthFieldVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : new String(v.get(i), StandardCharsets.UTF_8);
    }
  }

  /** Enumeration names back to EnumerationType values. */
  static final class Enumeration extends FieldReader {
    private final FieldReader text;
    private final EnumerationType enumType;
    private final String path;

    Enumeration(FieldReader text, EnumerationType enumType, String path) {
      this.text = text;
      this.enumType = enumType;
      this.path = path;
    }

    @Override
    @Nullable Object read(int i) {
      String name = (String) text.read(i);
      if (name == null) {
        return null;
      }
      Integer value = enumType.getValuesMap().get(name);
      if (value == null) {
        throw new ValueFitException(
            "Arrow field '"
                + path
                + "' holds '"
                + name
                + "' at row "
                + i
                + ", which is not one of its enumeration values "
                + enumType.getValues());
      }
      return enumType.valueOf(value);
    }
  }

  static final class Bytes extends FieldReader {
    private final VariableWidthFieldVector v;

    Bytes(VariableWidthFieldVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }

  static final class Fixed extends FieldReader {
    private final FixedSizeBinaryVector v;

    Fixed(FixedSizeBinaryVector v) {
      this.v = v;
    }

    @Override
    @Nullable Object read(int i) {
      return v.isNull(i) ? null : v.get(i);
    }
  }
}
