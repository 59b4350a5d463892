package org.datastreamio.beam;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.StreamConfig;

/** Writes {@link ArrowBatch}es as they come; the part's schema is the first batch's. */
final class WriteBatchesFn extends WritePartsFn<ArrowBatch> {

  WriteBatchesFn(StreamConfig config, String writeId) {
    super(config, writeId);
  }

  @Override
  PartWriter<ArrowBatch> newPartWriter(PartOpener opener, BufferAllocator allocator) {
    return new BatchPartWriter(opener, allocator);
  }

  private static final class BatchPartWriter extends PartWriter<ArrowBatch> {
    private Schema schema;

    BatchPartWriter(WritePartsFn<?>.PartOpener opener, BufferAllocator allocator) {
      super(opener, allocator);
    }

    @Override
    void add(ArrowBatch batch) throws IOException {
      // The opened root carries the schema: a batch that arrived encoded is parsed once, not twice.
      try (VectorSchemaRoot root = batch.open(allocator)) {
        if (sink == null) {
          schema = root.getSchema();
          sink = opener.open(schema);
        } else if (!schema.equals(root.getSchema())) {
          throw new IllegalArgumentException(
              "An ArrowBatch written to "
                  + opener.config().location()
                  + " has a different schema than the batches before it in the same bundle.\n  first: "
                  + schema
                  + "\n  this:  "
                  + root.getSchema()
                  + "\nOne stream holds one schema: convert the batches, or write them to separate streams.");
        }
        sink.write(root);
      }
    }
  }
}
