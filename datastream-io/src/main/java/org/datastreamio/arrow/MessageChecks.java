package org.datastreamio.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.ipc.message.MessageResult;

/**
 * Checks what an Arrow IPC message declares before Arrow trusts it, for every reader of IPC streams
 * (socket connections and stream files). Arrow allocates a message's declared metadata and body
 * lengths at once, so a hostile or corrupt length ends the JVM instead of failing the read; and
 * when a batch's buffer list does not fit its body, Arrow throws without releasing the body. The
 * readers peek at the lengths with {@link #metadataLength}/{@link #bodyLength} and hand each
 * message Arrow read to {@link #checkedLayout}.
 */
public final class MessageChecks {
  private static final int CONTINUATION = 0xFFFFFFFF;

  /**
   * Message metadata (a schema, a batch's buffer list) is KiBs; a length prefix claiming more is
   * not Arrow.
   */
  public static final int MAX_METADATA = 64 << 20;

  private MessageChecks() {}

  /**
   * The size of a message's length prefix: 8 with the continuation marker, 4 in the pre-1.0 format.
   *
   * @param prefix at least the first 4 bytes of the message, little-endian, from position 0
   */
  public static int prefixSize(ByteBuffer prefix) {
    return prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0) == CONTINUATION ? 8 : 4;
  }

  /**
   * The metadata length the prefix declares (0 for the end-of-stream marker, negative when the
   * prefix is not Arrow's), or -1 when the prefix is incomplete.
   *
   * @param prefix the bytes read of the prefix, little-endian, from position 0 to its limit
   */
  public static long metadataLength(ByteBuffer prefix) {
    ByteBuffer le = prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (le.limit() < 4) {
      return -1;
    }
    if (le.getInt(0) != CONTINUATION) {
      return le.getInt(0);
    }
    return le.limit() < 8 ? -1 : le.getInt(4);
  }

  /**
   * The body length a message's metadata declares, or -1 when the metadata does not parse as an
   * Arrow message (Arrow then refuses it itself, with nothing allocated).
   */
  public static long bodyLength(ByteBuffer metadata) {
    try {
      return Message.getRootAsMessage(metadata.duplicate().order(ByteOrder.LITTLE_ENDIAN))
          .bodyLength();
    } catch (RuntimeException notAMessage) {
      return -1;
    }
  }

  /**
   * Returns the message if its buffers and counts fit its body; otherwise releases the body and
   * throws. Checks exactly what Arrow's deserialization trusts, so Arrow cannot fail on it with the
   * body still allocated.
   *
   * @param what names the source and the message, for the error: "connection 1 from X, message 3"
   */
  public static MessageResult checkedLayout(MessageResult message, String what) throws IOException {
    if (message == null) {
      return null;
    }
    ArrowBuf body = message.getBodyBuffer();
    String problem;
    try {
      problem = layoutProblem(message.getMessage(), body == null ? 0 : body.capacity());
    } catch (RuntimeException unreadable) {
      problem = "its metadata cannot be read (" + unreadable + ")";
    }
    if (problem == null) {
      return message;
    }
    if (body != null) {
      body.close();
    }
    throw new IOException(
        what
            + " is not a valid Arrow IPC message: "
            + problem
            + ". The data is corrupt (or not written by an Arrow IPC writer); nothing of this message"
            + " was read. Write it again with an Arrow IPC stream writer.");
  }

  private static String layoutProblem(Message message, long bodyLength) {
    byte type = message.headerType();
    RecordBatch batch;
    if (type == MessageHeader.RecordBatch) {
      batch = (RecordBatch) message.header(new RecordBatch());
    } else if (type == MessageHeader.DictionaryBatch) {
      DictionaryBatch dictionary = (DictionaryBatch) message.header(new DictionaryBatch());
      batch = dictionary == null ? null : dictionary.data();
    } else {
      return bodyLength == 0
          ? null
          : "a message of type " + MessageHeader.name(type) + " carries a body of " + bodyLength;
    }
    if (batch == null) {
      return "a batch message without its batch header";
    }
    if (!fitsInt(batch.length())) {
      return "a batch declares " + batch.length() + " rows";
    }
    for (int i = 0; i < batch.nodesLength(); i++) {
      FieldNode node = batch.nodes(i);
      if (!fitsInt(node.length()) || !fitsInt(node.nullCount())) {
        return "column node " + i + " declares " + node.length() + " values";
      }
    }
    for (int i = 0; i < batch.buffersLength(); i++) {
      Buffer buffer = batch.buffers(i);
      long offset = buffer.offset();
      long length = buffer.length();
      if (offset < 0 || length < 0 || offset > bodyLength || length > bodyLength - offset) {
        return "buffer "
            + i
            + " (offset "
            + offset
            + ", length "
            + length
            + ") lies outside the message body of "
            + bodyLength
            + " bytes";
      }
    }
    if (batch.compression() != null) {
      batch.compression().codec(); // read here, so that unreadable metadata fails in this check
    }
    for (int i = 0; i < batch.variadicBufferCountsLength(); i++) {
      batch.variadicBufferCounts(i);
    }
    return null;
  }

  private static boolean fitsInt(long value) {
    return value >= 0 && value <= Integer.MAX_VALUE;
  }
}
