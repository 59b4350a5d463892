package org.datastreamio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.datastreamio.arrow.MessageChecks;

/**
 * Arrow's message reader for a stream file, checking each message's declared metadata and body
 * lengths against the bytes left in the file before Arrow allocates buffers of those lengths (a
 * corrupt or hostile length of GBs would otherwise exhaust memory instead of failing as a corrupt
 * file), and each message's layout before Arrow deserializes it.
 */
final class BoundedMessageReader extends MessageChannelReader {
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
    ByteBuffer prefix = ByteBuffer.allocate(8);
    fill(prefix);
    prefix.flip();
    boolean complete = prefix.limit() >= 4 && prefix.limit() >= MessageChecks.prefixSize(prefix);
    long length =
        MessageChecks.metadataLength(prefix)
            & 0xFFFFFFFFL; // a negative length is as impossible as a huge one
    if (complete && length > 0) {
      long left = channel.size() - start - MessageChecks.prefixSize(prefix);
      if (length > left) {
        throw corrupt(start, length + " bytes of metadata", left);
      }
      if (length > MessageChecks.MAX_METADATA) {
        throw new IOException(
            "Arrow stream file "
                + file
                + " is corrupt: a message at byte "
                + start
                + " declares "
                + length
                + " bytes of metadata, more than an Arrow message has ("
                + MessageChecks.MAX_METADATA
                + "). Rewrite the file, or remove it from the read.");
      }
      channel.position(start + MessageChecks.prefixSize(prefix));
      ByteBuffer metadata = ByteBuffer.allocate((int) length);
      fill(metadata);
      metadata.flip();
      long body = MessageChecks.bodyLength(metadata);
      if (body > left - length) {
        throw corrupt(start, "a body of " + body + " bytes", left - length);
      }
    }
    channel.position(start);
    return MessageChecks.checkedLayout(
        super.readNext(),
        "Arrow stream file " + file + " holds a message at byte " + start + " that");
  }

  private IOException corrupt(long start, String declared, long left) {
    return new IOException(
        "Arrow stream file "
            + file
            + " is corrupt or truncated: a message at byte "
            + start
            + " declares "
            + declared
            + ", but only "
            + Math.max(left, 0)
            + " bytes follow. Rewrite the file, or remove it from the read.");
  }

  private void fill(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until full or the end of the file
    }
  }
}
