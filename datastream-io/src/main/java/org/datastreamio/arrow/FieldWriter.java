package org.datastreamio.arrow;

import org.apache.arrow.vector.FieldVector;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes one Beam field's values into one Arrow vector. Built once per vector, so writing does no
 * type dispatch or schema lookups; subclasses cast the value to the class Beam stores for the type.
 */
abstract class FieldWriter {
  final String path;
  private final Schema.FieldType type;
  private final FieldVector vector;

  FieldWriter(String path, Schema.FieldType type, FieldVector vector) {
    this.path = path;
    this.type = type;
    this.vector = vector;
  }

  /** Writes a value or null at {@code index}; returns the payload bytes it added. */
  final int write(int index, @Nullable Object value) {
    if (value == null) {
      if (!type.getNullable()) {
        throw new ValueFitException(
            "Field '" + path + "' (" + type + ") is not nullable but the row holds null there");
      }
      writeNull(index);
      return 0;
    }
    try {
      return writeValue(index, value);
    } catch (ClassCastException e) {
      throw new ValueFitException(
          "Field '"
              + path
              + "' ("
              + type
              + ") cannot hold a value of type "
              + value.getClass().getName(),
          e);
    }
  }

  abstract int writeValue(int index, Object value);

  /** Marks {@code index} null; also used under a null parent, whatever this field's nullability. */
  void writeNull(int index) {
    vector.setNull(index);
  }

  final ValueFitException misfit(Object value, String why) {
    return new ValueFitException(
        "Field '"
            + path
            + "' ("
            + type
            + ") cannot hold the "
            + value.getClass().getSimpleName()
            + " value "
            + value
            + ": "
            + why);
  }
}
