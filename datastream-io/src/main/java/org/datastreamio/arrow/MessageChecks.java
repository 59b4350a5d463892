package org.datastreamio.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Message;

/**
 * Checks what an Arrow IPC message declares before Arrow trusts it, for every reader of IPC streams
 * (socket connections and stream files). Arrow allocates a message's declared metadata and body
 * lengths at once, so a hostile or corrupt length ends the JVM instead of failing the read; and
 * when a batch's buffer list does not fit its body, Arrow throws without releasing the body. The
 * readers peek at the lengths with {@link #metadataLength}/{@link #bodyLength} and hand each
 * message Arrow read to their stream's {@link MessageLayoutCheck}.
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
}
