package org.datastreamio.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one incoming connection, as the Arrow reader sees them. It records whether the peer
 * closed the connection (Arrow's reader treats a clean end of input like the end-of-stream marker,
 * so this is how a truncated stream is told apart), reports progress to a {@link StallGuard}, and
 * checks each message's length prefix before Arrow trusts it: random bytes would otherwise make it
 * allocate gigabytes of heap.
 */
final class IpcInputChannel implements ReadableByteChannel {
  private static final int CONTINUATION = 0xFFFFFFFF;

  /**
   * Message metadata (a schema, a batch's buffer list) is KiBs; a prefix claiming more is not
   * Arrow.
   */
  private static final int MAX_MESSAGE_METADATA = 64 << 20;

  private final ReadableByteChannel in;
  private final String peer;
  private final StallGuard guard;
  private ByteBuffer replay;
  private boolean sawEof;
  private long bytesRead;
  private int messages;

  IpcInputChannel(ReadableByteChannel in, String peer, StallGuard guard) {
    this.in = in;
    this.peer = peer;
    this.guard = guard;
  }

  /**
   * Whether the peer closed its side: after that, a missing end-of-stream marker means truncation.
   */
  boolean sawEof() {
    return sawEof;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Arrow is about to read the next message: check its length prefix before Arrow trusts it. */
  void expectMessage() {
    messages++;
    if (replay == null || !replay.hasRemaining()) {
      replay = null;
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (replay == null) {
      replay = checkedPrefix();
    }
    if (replay.hasRemaining()) {
      int n = Math.min(dst.remaining(), replay.remaining());
      ByteBuffer slice = replay.slice();
      slice.limit(n);
      dst.put(slice);
      replay.position(replay.position() + n);
      return n;
    }
    return readRaw(dst);
  }

  private int readRaw(ByteBuffer dst) throws IOException {
    int n;
    guard.enter();
    try {
      n = in.read(dst);
    } finally {
      guard.exit();
    }
    if (n < 0) {
      sawEof = true;
    } else {
      bytesRead += n;
    }
    return n;
  }

  /**
   * Reads a message's length prefix (FFFFFFFF then a 4-byte length, or a bare length in the pre-1.0
   * format) and keeps it for Arrow to read. Reads no further than the prefix: after an
   * end-of-stream marker the peer may keep the connection open.
   */
  private ByteBuffer checkedPrefix() throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    prefix.limit(4);
    fill(prefix);
    if (prefix.position() == 4 && prefix.getInt(0) == CONTINUATION) {
      prefix.limit(8);
      fill(prefix);
    }
    prefix.flip();
    if (prefix.remaining() < 4 || (prefix.getInt(0) == CONTINUATION && prefix.remaining() < 8)) {
      return prefix; // the peer closed here: Arrow sees the end of input, and the reader reports
      // truncation
    }
    int length = prefix.getInt(0) == CONTINUATION ? prefix.getInt(4) : prefix.getInt(0);
    if (length >= 0 && length <= MAX_MESSAGE_METADATA) {
      return prefix;
    }
    // Not Arrow: show up to eight bytes of it in the error.
    prefix.position(prefix.limit());
    prefix.limit(8);
    fill(prefix);
    prefix.flip();
    byte[] head = new byte[prefix.remaining()];
    prefix.duplicate().get(head);
    if (messages <= 1 && new String(head, StandardCharsets.ISO_8859_1).startsWith("ARROW1")) {
      throw new IOException(
          peer
              + " sent the Arrow IPC file format (it starts with ARROW1), but a socket carries the IPC stream format:"
              + " write with pyarrow.ipc.new_stream(...) / ArrowStreamWriter instead of new_file / ArrowFileWriter");
    }
    if (messages <= 1) {
      throw new IOException(
          peer
              + " did not send an Arrow IPC stream: its first bytes are "
              + hex(head)
              + " where a stream starts with FFFFFFFF and a schema message length. Is the peer writing Arrow IPC stream format"
              + " (pyarrow.ipc.new_stream / ArrowStreamWriter) to this address, and not text or another protocol?");
    }
    throw new IOException(
        peer
            + " sent bytes that are not an Arrow IPC message where message "
            + messages
            + " should start: "
            + hex(head)
            + ". The stream is corrupt (a peer writing something else between or into its batches).");
  }

  private void fill(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining() && readRaw(buffer) >= 0) {
      // until the wanted bytes or the end of input
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02X", b & 0xFF));
    }
    String printable =
        new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    return sb + " (\"" + printable + "\")";
  }

  @Override
  public boolean isOpen() {
    return in.isOpen();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
