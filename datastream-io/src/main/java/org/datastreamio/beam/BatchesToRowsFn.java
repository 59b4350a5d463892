package org.datastreamio.beam;

import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.ArrowToRow;

/** Turns record batches into Rows of the read's schema; the converter is rebuilt only when the batch schema changes. */
final class BatchesToRowsFn extends DoFn<ArrowBatch, Row> {
  private final Schema schema;
  private transient BufferAllocator allocator;
  private transient org.apache.arrow.vector.types.pojo.Schema convertedFor;
  private transient ArrowToRow converter;

  BatchesToRowsFn(Schema schema) {
    this.schema = schema;
  }

  @Setup
  public void setup() {
    allocator = ArrowMemory.newChild("datastream-rows-" + UUID.randomUUID());
  }

  @ProcessElement
  public void processElement(@Element ArrowBatch batch, OutputReceiver<Row> out) {
    try (VectorSchemaRoot root = batch.open(allocator)) {
      if (converter == null || !root.getSchema().equals(convertedFor)) {
        converter = new ArrowToRow(schema, root.getSchema());
        convertedFor = root.getSchema();
      }
      converter.convert(root, out::output);
    }
  }

  @Teardown
  public void teardown() {
    if (allocator != null) {
      allocator.close();
      allocator = null;
    }
  }
}
