package org.datastreamio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Reads through a heap array for channels that mishandle direct buffers. Beam 2.70's HDFS read
 * channel advances a direct {@code ByteBuffer} twice per read (Hadoop's read moves it, then Beam
 * adds the count again), and Arrow's readers fill direct buffers: without this, reads of HDFS files
 * fail with "newPosition > limit" or, on short reads, skip bytes.
 */
final class HeapCopyingChannel implements SeekableByteChannel {
  private static final int MAX_CHUNK = 1 << 20;

  private final SeekableByteChannel in;
  private byte[] scratch = new byte[0];

  HeapCopyingChannel(SeekableByteChannel in) {
    this.in = in;
  }

  /**
   * Wraps channels of file systems known to mishandle direct buffers; returns others as they are.
   */
  static SeekableByteChannel forScheme(String scheme, SeekableByteChannel channel) {
    return "hdfs".equals(scheme) || "webhdfs".equals(scheme)
        ? new HeapCopyingChannel(channel)
        : channel;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (dst.hasArray()) {
      return in.read(dst);
    }
    int want = Math.min(dst.remaining(), MAX_CHUNK);
    if (scratch.length < want) {
      scratch = new byte[want];
    }
    int n = in.read(ByteBuffer.wrap(scratch, 0, want));
    if (n > 0) {
      dst.put(scratch, 0, n);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return in.write(src);
  }

  @Override
  public long position() throws IOException {
    return in.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    in.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return in.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    in.truncate(size);
    return this;
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
