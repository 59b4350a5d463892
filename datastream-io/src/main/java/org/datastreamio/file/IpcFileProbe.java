package org.datastreamio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Tells an Arrow IPC file from an IPC stream (and from anything else) by its first bytes. */
final class IpcFileProbe {
  private static final byte[] FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

  private IpcFileProbe() {}

  static IpcFormat detect(ResourceId file) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(8);
    try (ReadableByteChannel channel = FileSystems.open(file)) {
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // keep reading: remote channels may return short reads
      }
    } catch (IOException e) {
      throw new IOException("Cannot open Arrow file " + file + ": " + e.getMessage(), e);
    }
    head.flip();
    if (head.remaining() == 0) {
      throw new IOException(
          "Arrow file "
              + file
              + " is empty: an Arrow IPC file or stream has at least a schema message."
              + " Remove it or point the read at the files you mean (a glob such as dir/*.arrow).");
    }
    if (startsWith(head, FILE_MAGIC)) {
      return IpcFormat.FILE;
    }
    if (head.remaining() >= 4) {
      int first = head.getInt(0);
      // Streams begin with the 0xFFFFFFFF continuation marker (or, in the pre-1.0 format, a small
      // positive metadata length).
      if (first == 0xFFFFFFFF
          || (Integer.reverseBytes(first) > 0 && Integer.reverseBytes(first) < (1 << 24))) {
        return IpcFormat.STREAM;
      }
    }
    throw new IOException(
        "File "
            + file
            + " is not Arrow IPC (neither the file format's ARROW1 magic nor a stream's"
            + " schema message at its start). Point the read at Arrow files only, e.g. with a glob such as dir/*.arrow.");
  }

  private static boolean startsWith(ByteBuffer buffer, byte[] prefix) {
    if (buffer.remaining() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer.get(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
