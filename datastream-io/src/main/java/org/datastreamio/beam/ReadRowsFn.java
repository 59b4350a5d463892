package org.datastreamio.beam;

import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowToRow;
import org.datastreamio.spi.BatchSource;

/** Reads partitions as Rows of the read's schema. */
final class ReadRowsFn extends ReadPartitionFn<Row> {
  private final Schema schema;
  private transient ArrowToRow converter;

  ReadRowsFn(Schema schema) {
    this.schema = schema;
  }

  @Override
  void open(PartitionRef ref, BatchSource source) {
    try {
      converter = new ArrowToRow(schema, source.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Partition " + ref + " does not match the schema of the read: "
          + e.getMessage() + "\nAll partitions of one read must share one schema; read them separately,"
          + " or use readBatches() which carries each batch's own schema.", e);
    }
  }

  @Override
  void emit(PartitionRef ref, BatchSource source, Consumer<Row> out) {
    converter.convert(source.root(), out);
  }
}
