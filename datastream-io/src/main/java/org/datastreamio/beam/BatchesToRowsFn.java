package org.datastreamio.beam;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.errorhandling.BadRecordRouter;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.ArrowToRow;

/**
 * Turns record batches into Rows of the read's schema; the converter is rebuilt only when the batch
 * schema changes. With an error handler, a batch that does not convert goes to it whole (none of
 * its rows are emitted); without one it fails the bundle.
 */
final class BatchesToRowsFn extends DoFn<ArrowBatch, Row> {
  static final TupleTag<Row> ROWS = new TupleTag<Row>("rows") {};

  private final Schema schema;

  /**
   * Whether batches that do not convert go to the bad-record output. A flag, not a comparison with
   * {@link BadRecordRouter#THROWING_ROUTER}: the runner works on a deserialized copy of this DoFn,
   * whose router is never that instance.
   */
  private final boolean routeBadBatches;

  private transient BufferAllocator allocator;
  private transient org.apache.arrow.vector.types.pojo.Schema convertedFor;
  private transient ArrowToRow converter;

  BatchesToRowsFn(Schema schema, boolean routeBadBatches) {
    this.schema = schema;
    this.routeBadBatches = routeBadBatches;
  }

  @Setup
  public void setup() {
    allocator = ArrowMemory.newChild("datastream-rows-" + UUID.randomUUID());
  }

  @ProcessElement
  public void processElement(@Element ArrowBatch batch, MultiOutputReceiver out) throws Exception {
    if (!routeBadBatches) {
      try (VectorSchemaRoot root = batch.open(allocator)) {
        converterFor(root).convert(root, out.get(ROWS)::output);
      }
      return;
    }
    List<Row> rows = new ArrayList<>();
    try (VectorSchemaRoot root = batch.open(allocator)) {
      converterFor(root).convert(root, rows::add);
    } catch (IllegalArgumentException e) {
      converter = null;
      DataStreamMetrics.BAD_RECORDS.inc();
      BadRecordRouter.RECORDING_ROUTER.route(
          out,
          batch,
          ArrowBatchCoder.of(),
          e,
          "Record batch does not convert to the read's schema " + schema);
      return;
    }
    rows.forEach(out.get(ROWS)::output);
  }

  private ArrowToRow converterFor(VectorSchemaRoot root) {
    if (converter == null || !root.getSchema().equals(convertedFor)) {
      converter = new ArrowToRow(schema, root.getSchema());
      convertedFor = root.getSchema();
    }
    return converter;
  }

  @Teardown
  public void teardown() {
    if (allocator != null) {
      allocator.close();
      allocator = null;
    }
  }
}
