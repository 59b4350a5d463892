package org.datastreamio.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;

/**
 * Arrow's IPC stream reader, refusing a record or dictionary batch whose buffers are shorter than
 * its lengths need ({@link BufferSizes}) before Arrow loads it. For every stream the connector did
 * not write in this process: socket connections and stream files.
 */
public final class CheckedStreamReader extends ArrowStreamReader {
  public CheckedStreamReader(MessageChannelReader messages, BufferAllocator allocator) {
    super(messages, allocator, IpcCompression.factory());
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
