package org.datastreamio.arrow;

import java.nio.channels.SeekableByteChannel;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Arrow's IPC file reader (the file format: footer and random access), refusing a record or
 * dictionary batch whose buffers are shorter than its lengths need ({@link BufferSizes}) before
 * Arrow loads it. For every Arrow file the connector did not write in this process.
 */
public final class CheckedFileReader extends ArrowFileReader {
  public CheckedFileReader(SeekableByteChannel file, BufferAllocator allocator) {
    super(file, allocator, IpcCompression.factory());
  }

  @Override
  protected void loadRecordBatch(ArrowRecordBatch batch) {
    BufferSizes.checkRecordBatch(this, batch);
    super.loadRecordBatch(batch);
  }

  @Override
  protected void loadDictionary(ArrowDictionaryBatch batch) {
    BufferSizes.checkDictionary(dictionaries, batch);
    super.loadDictionary(batch);
  }
}
