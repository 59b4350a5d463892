package org.datastreamio.socket;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;

/**
 * Arrow's message reader, telling the connection where each message starts so its prefix is
 * checked.
 */
final class CheckedMessageReader extends MessageChannelReader {
  private final IpcInputChannel input;

  CheckedMessageReader(IpcInputChannel input, BufferAllocator allocator) {
    super(new ReadChannel(input), allocator);
    this.input = input;
  }

  @Override
  public MessageResult readNext() throws IOException {
    input.expectMessage();
    return super.readNext();
  }
}
