package org.datastreamio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;

/**
 * Arrow's message reader for a stream file, checking each message's length prefix against the bytes
 * left in the file before Arrow allocates a buffer of that length: a corrupt or hostile prefix of
 * GBs would otherwise exhaust the heap instead of failing as a corrupt file.
 */
final class BoundedMessageReader extends MessageChannelReader {
  private static final int CONTINUATION = 0xFFFFFFFF;

  private final SeekableByteChannel channel;
  private final String file;

  BoundedMessageReader(SeekableByteChannel channel, String file, BufferAllocator allocator) {
    super(new ReadChannel(channel), allocator);
    this.channel = channel;
    this.file = file;
  }

  @Override
  public MessageResult readNext() throws IOException {
    long start = channel.position();
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (prefix.hasRemaining() && channel.read(prefix) >= 0) {
      // until 8 bytes or the end of the file
    }
    channel.position(start);
    if (prefix.position() >= 4) {
      boolean continuation = prefix.getInt(0) == CONTINUATION;
      long length =
          continuation
              ? (prefix.position() == 8 ? Integer.toUnsignedLong(prefix.getInt(4)) : 0)
              : Integer.toUnsignedLong(prefix.getInt(0));
      long left = channel.size() - start - (continuation ? 8 : 4);
      if (length > left) {
        throw new IOException(
            "Arrow stream file "
                + file
                + " is corrupt or truncated: a message at byte "
                + start
                + " declares "
                + length
                + " bytes of metadata, but only "
                + Math.max(left, 0)
                + " bytes follow. Rewrite the file, or remove it from the read.");
      }
    }
    return super.readNext();
  }
}
