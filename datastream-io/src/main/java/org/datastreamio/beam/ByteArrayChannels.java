package org.datastreamio.beam;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * Channels over a heap array that copy straight between Arrow's (direct) buffers and the array.
 * {@code Channels.newChannel} over a byte-array stream would pass every byte through an 8 KiB
 * scratch array as well, so an {@link ArrowBatch}'s IPC bytes would be copied twice each way.
 */
final class ByteArrayChannels {
  private ByteArrayChannels() {}

  /**
   * Collects written bytes in an array that grows as needed; {@link #array()} hands it over
   * uncopied.
   */
  static final class Out implements WritableByteChannel {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      if ((long) size + n > buf.length) {
        long wanted = Math.max(2L * buf.length, (long) size + n);
        if (wanted > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException(
              "An Arrow batch's IPC encoding exceeds 2 GiB; write smaller batches");
        }
        buf = Arrays.copyOf(buf, (int) wanted);
      }
      src.get(buf, size, n);
      size += n;
      return n;
    }

    /** The array; its first {@link #size()} bytes are what was written. */
    byte[] array() {
      return buf;
    }

    int size() {
      return size;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** Reads {@code bytes[0, length)}. */
  static final class In implements ReadableByteChannel {
    private final byte[] bytes;
    private final int length;
    private int position;

    In(byte[] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position >= length) {
        return -1;
      }
      int n = Math.min(dst.remaining(), length - position);
      dst.put(bytes, position, n);
      position += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
