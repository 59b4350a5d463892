package org.datastreamio.socket;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.datastreamio.arrow.MessageChecks;

/**
 * Arrow's message reader, telling the connection where each message starts so its declared lengths
 * are checked, and checking each message's layout before Arrow deserializes it.
 */
final class CheckedMessageReader extends MessageChannelReader {
  private final IpcInputChannel input;
  private final String peer;

  CheckedMessageReader(IpcInputChannel input, String peer, BufferAllocator allocator) {
    super(new ReadChannel(input), allocator);
    this.input = input;
    this.peer = peer;
  }

  @Override
  public MessageResult readNext() throws IOException {
    input.expectMessage();
    return MessageChecks.checkedLayout(
        super.readNext(), peer + " sent message " + input.messages() + ", which");
  }
}
