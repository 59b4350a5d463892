package org.datastreamio.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * The body codec of every record batch in written Arrow IPC bytes, read from each message's
 * metadata (its BodyCompression), not by decoding: a writer that ignored the codec it was given
 * shows here, while a round trip would still pass (readers detect the codec).
 */
public final class IpcCodecs {
  private static final byte[] FILE_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  private IpcCodecs() {}

  /** The codec of each record batch of an IPC file ({@code .arrow}) or stream. */
  public static List<CompressionUtil.CodecType> of(Path file) throws IOException {
    return of(Files.readAllBytes(file));
  }

  /**
   * The codec of each record batch of IPC bytes: a stream, or a file (whose messages follow its
   * 8-byte magic and padding), up to the end-of-stream marker or the end of the bytes.
   */
  public static List<CompressionUtil.CodecType> of(byte[] bytes) throws IOException {
    int start = bytes.length >= 8 && Arrays.equals(Arrays.copyOf(bytes, 6), FILE_MAGIC) ? 8 : 0;
    ReadChannel in =
        new ReadChannel(
            Channels.newChannel(new ByteArrayInputStream(bytes, start, bytes.length - start)));
    List<CompressionUtil.CodecType> codecs = new ArrayList<>();
    MessageMetadataResult message;
    while ((message = MessageSerializer.readMessage(in)) != null) {
      if (message.getMessage().headerType() == MessageHeader.RecordBatch) {
        RecordBatch batch = (RecordBatch) message.getMessage().header(new RecordBatch());
        BodyCompression compression = batch.compression();
        codecs.add(
            compression == null
                ? CompressionUtil.CodecType.NO_COMPRESSION
                : CompressionUtil.CodecType.fromCompressionType(compression.codec()));
      }
      long body = message.getMessageBodyLength();
      if (in.readFully(java.nio.ByteBuffer.allocate((int) body)) != body) {
        throw new IOException("IPC bytes end inside a message body");
      }
    }
    return codecs;
  }
}
