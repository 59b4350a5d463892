package org.datastreamio.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.datastreamio.arrow.MessageChecks;

/**
 * The bytes of one incoming connection, as the Arrow reader sees them. It records whether the peer
 * closed the connection (Arrow's reader treats a clean end of input like the end-of-stream marker,
 * so this is how a truncated stream is told apart), reports progress to a {@link StallGuard}, and
 * checks each message's declared lengths before Arrow trusts them: it reads the length prefix and
 * the metadata ahead, refuses a metadata length that is not Arrow's and a body longer than {@link
 * #maxBody}, and replays what it read to Arrow. Random or hostile bytes would otherwise make Arrow
 * allocate gigabytes (or, for a declared 2^61-byte body, end the JVM).
 */
final class IpcInputChannel implements ReadableByteChannel {

  /**
   * The largest record batch body a socket reader accepts: Arrow holds a whole body in memory at
   * once, and the writers we document split data into batches of MBs.
   */
  static final long MAX_BODY = Integer.MAX_VALUE;

  private final ReadableByteChannel in;
  private final String peer;
  private final StallGuard guard;
  private final LongSupplier maxBody;
  private ByteBuffer replay;
  private boolean sawEof;
  private long bytesRead;
  private int messages;

  /**
   * @param maxBody the largest body accepted for the next message: at most {@link #MAX_BODY}, less
   *     when the reader's memory is capped
   */
  IpcInputChannel(ReadableByteChannel in, String peer, StallGuard guard, LongSupplier maxBody) {
    this.in = in;
    this.peer = peer;
    this.guard = guard;
    this.maxBody = maxBody;
  }

  /**
   * Whether the peer closed its side: after that, a missing end-of-stream marker means truncation.
   */
  boolean sawEof() {
    return sawEof;
  }

  /** The number of the message being read, from 1. */
  int messages() {
    return messages;
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
      replay = checkedHeader();
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
   * format) and its metadata, checks both lengths, and keeps the bytes for Arrow to read. Reads no
   * further than the metadata: after an end-of-stream marker the peer may keep the connection open.
   */
  private ByteBuffer checkedHeader() throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    prefix.limit(4);
    fill(prefix);
    if (prefix.position() == 4 && MessageChecks.prefixSize(prefix) == 8) {
      prefix.limit(8);
      fill(prefix);
    }
    prefix.flip();
    long length = MessageChecks.metadataLength(prefix);
    if (prefix.remaining() < 4 || prefix.remaining() < MessageChecks.prefixSize(prefix)) {
      return prefix; // the peer closed here: Arrow sees the end of input, and the reader reports
      // truncation
    }
    if (length >= 0 && length <= MessageChecks.MAX_METADATA) {
      return withMetadata(prefix, (int) length);
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

  /** The prefix followed by the metadata (as much of it as came), its body length checked. */
  private ByteBuffer withMetadata(ByteBuffer prefix, int length) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(prefix.remaining() + length);
    header.put(prefix);
    int metadataStart = header.position();
    fill(header);
    header.flip();
    if (length == 0 || header.limit() < header.capacity()) {
      return header; // the end-of-stream marker, or cut short: Arrow reports the end of input
    }
    long body = MessageChecks.bodyLength(header.duplicate().position(metadataStart).slice());
    long allowed = maxBody.getAsLong();
    if (body > allowed) {
      throw new IOException(
          peer
              + " declared a message body of "
              + body
              + " bytes in message "
              + messages
              + ", more than this reader accepts ("
              + allowed
              + " bytes: at most 2 GiB per record batch, and no more than the reader's free memory)."
              + " Nothing was allocated for it. If the peer is a writer of yours, write smaller"
              + " batches (batchRows=/batchBytes= on a DataStream writer, max_chunksize in pyarrow);"
              + " otherwise the peer is sending corrupt or hostile data.");
    }
    return header;
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
