package org.datastreamio.arrow;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Builds Rows from per-field readers: shared by top-level rows and nested structs. */
final class RowReading {
  // attachValues keeps no state in the builder, so one builder serves every row.
  private final Row.Builder builder;
  private final FieldReader[] readers;

  RowReading(Schema schema, FieldReader[] readers) {
    this.builder = Row.withSchema(schema);
    this.readers = readers;
  }

  Row row(int index) {
    FieldReader[] r = readers;
    Object[] values = new Object[r.length];
    for (int f = 0; f < r.length; f++) {
      values[f] = r[f].read(index);
    }
    // attachValues skips Beam's per-value verification: the readers produce the classes Beam
    // stores.
    return builder.attachValues(values);
  }
}
