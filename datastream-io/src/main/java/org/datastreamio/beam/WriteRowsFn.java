package org.datastreamio.beam;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.RowToArrow;
import org.datastreamio.spi.CommonParameters;
import org.datastreamio.spi.StreamConfig;

/**
 * Converts Rows into Arrow batches of {@code batchRows} rows or {@code batchBytes} bytes, whichever
 * fills first.
 */
final class WriteRowsFn extends WritePartsFn<Row> {
  private final Schema schema;
  private final int batchRows;
  private final long batchBytes;

  WriteRowsFn(StreamConfig config, String writeId, Schema schema) {
    super(config, writeId);
    this.schema = schema;
    this.batchRows = CommonParameters.batchRows(config);
    this.batchBytes = CommonParameters.batchBytes(config);
  }

  @Override
  PartWriter<Row> newPartWriter(PartOpener opener, BufferAllocator allocator) {
    return new RowPartWriter(opener, allocator);
  }

  private final class RowPartWriter extends PartWriter<Row> {
    private RowToArrow batcher;

    RowPartWriter(PartOpener opener, BufferAllocator allocator) {
      super(opener, allocator);
    }

    @Override
    void add(Row row) throws IOException {
      if (batcher == null) {
        batcher = new RowToArrow(schema, allocator);
        sink = opener.open(batcher.root().getSchema());
      }
      batcher.append(row);
      if (batcher.rowCount() >= batchRows || batcher.estimatedBytes() >= batchBytes) {
        flush();
      }
    }

    private void flush() throws IOException {
      sink.write(batcher.finishBatch());
      batcher.reset();
    }

    @Override
    void flushRemaining() throws IOException {
      if (batcher.rowCount() > 0) {
        flush();
      }
    }

    @Override
    void release() {
      if (batcher != null) {
        batcher.close();
      }
    }
  }
}
