package org.datastreamio.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one incoming connection, as the Arrow reader sees them. It records whether the peer
 * closed the connection (Arrow's reader treats a clean end of input like the end-of-stream marker, so
 * this is how a truncated stream is told apart), reports progress to a {@link StallGuard}, and checks
 * the first eight bytes before Arrow trusts them as a length: random bytes would otherwise make it
 * allocate gigabytes.
 */
final class IpcInputChannel implements ReadableByteChannel {
  private static final int CONTINUATION = 0xFFFFFFFF;
  /** A schema message is a few KiB; anything near this is not Arrow. */
  private static final int MAX_FIRST_MESSAGE = 16 << 20;

  private final ReadableByteChannel in;
  private final String peer;
  private final StallGuard guard;
  private ByteBuffer replay;
  private boolean sawEof;
  private long bytesRead;

  IpcInputChannel(ReadableByteChannel in, String peer, StallGuard guard) {
    this.in = in;
    this.peer = peer;
    this.guard = guard;
  }

  /** Whether the peer closed its side: after that, a missing end-of-stream marker means truncation. */
  boolean sawEof() {
    return sawEof;
  }

  long bytesRead() {
    return bytesRead;
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
    int n = in.read(dst);
    if (n < 0) {
      sawEof = true;
    } else if (n > 0) {
      bytesRead += n;
      guard.progress();
    }
    return n;
  }

  private ByteBuffer checkedPrefix() throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(8);
    while (prefix.hasRemaining() && readRaw(prefix) >= 0) {
      // fill up to 8 bytes or end of input
    }
    prefix.flip();
    if (prefix.remaining() == 0) {
      return prefix;
    }
    byte[] head = new byte[prefix.remaining()];
    prefix.duplicate().get(head);
    if (new String(head, StandardCharsets.ISO_8859_1).startsWith("ARROW1")) {
      throw new IOException(peer + " sent the Arrow IPC file format (it starts with ARROW1), but a socket carries the IPC stream format:"
          + " write with pyarrow.ipc.new_stream(...) / ArrowStreamWriter instead of new_file / ArrowFileWriter");
    }
    if (prefix.remaining() == 8) {
      ByteBuffer le = prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      int first = le.getInt();
      int length = first == CONTINUATION ? le.getInt() : first;
      // Length 0 right after the marker is an empty stream (end-of-stream only); Arrow reports that.
      if (length >= 0 && length <= MAX_FIRST_MESSAGE) {
        return prefix;
      }
    } else if (prefix.remaining() >= 4 && prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt() == CONTINUATION) {
      return prefix; // a stream cut short in its first message: the reader reports the truncation
    }
    throw new IOException(peer + " did not send an Arrow IPC stream: its first bytes are " + hex(head)
        + " where a stream starts with FFFFFFFF and a schema message length. Is the peer writing Arrow IPC stream format"
        + " (pyarrow.ipc.new_stream / ArrowStreamWriter) to this address, and not text or another protocol?");
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02X", b & 0xFF));
    }
    String printable = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
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
