package org.datastreamio.arrow;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Builds one Row from per-field readers: shared by top-level rows and nested structs. */
final class RowReading {
  private RowReading() {}

  static Row row(Schema schema, FieldReader[] readers, int index) {
    Object[] values = new Object[readers.length];
    for (int f = 0; f < readers.length; f++) {
      values[f] = readers[f].read(index);
    }
    // attachValues skips Beam's per-value verification: the readers produce the classes Beam stores.
    return Row.withSchema(schema).attachValues(values);
  }
}
