package org.datastreamio.cli.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.PayloadBytes;
import org.datastreamio.arrow.RowToArrow;
import org.datastreamio.beam.ArrowBatch;
import org.datastreamio.cli.DemoRows;

/**
 * The bench's fixed dataset: {@link DemoRows} 0..rows-1, pre-built once as Arrow record batches so
 * every contender moves exactly the same bytes. Row-based contenders regenerate the same rows from
 * {@link DemoRows#row}; columnar ones (and the demo's columnar leg) take these batches.
 */
public final class BenchData implements AutoCloseable {
  final long rows;
  final int batchRows;
  final Schema arrowSchema;

  /** The record batches, unloaded, ready for a VectorLoader. */
  final List<ArrowRecordBatch> batches = new ArrayList<>();

  /** The same batches as Beam elements, for the columnar DataStreamIO path. */
  public final List<ArrowBatch> beamBatches = new ArrayList<>();

  /** Arrow payload bytes (buffer bytes) of all batches: the "MB" of every MB/s figure. */
  public final long payloadBytes;

  private final BufferAllocator allocator;

  public BenchData(long rows, int batchRows) {
    this.rows = rows;
    this.batchRows = batchRows;
    this.allocator = ArrowMemory.newChild("bench-data");
    long bytes = 0;
    try (RowToArrow writer = new RowToArrow(DemoRows.SCHEMA, allocator)) {
      arrowSchema = writer.root().getSchema();
      for (long start = 0; start < rows; start += batchRows) {
        writer.reset();
        long end = Math.min(rows, start + batchRows);
        for (long i = start; i < end; i++) {
          writer.append(DemoRows.row(i));
        }
        VectorSchemaRoot root = writer.finishBatch();
        bytes += PayloadBytes.of(root);
        batches.add(new VectorUnloader(root).getRecordBatch());
        beamBatches.add(ArrowBatch.of(root));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.payloadBytes = bytes;
  }

  /** A root with the dataset's schema, for contenders that load the batches one by one. */
  VectorSchemaRoot newRoot(BufferAllocator owner) {
    return VectorSchemaRoot.create(arrowSchema, owner);
  }

  @Override
  public void close() {
    for (ArrowRecordBatch b : batches) {
      b.close();
    }
    batches.clear();
    allocator.close();
  }
}
