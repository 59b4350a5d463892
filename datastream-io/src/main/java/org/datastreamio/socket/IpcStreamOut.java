package org.datastreamio.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes one Arrow IPC stream (schema, batches, end-of-stream marker) to a channel. It serializes
 * the caller's root directly, so no copy of the batch is made and the root can be reused right
 * after.
 */
final class IpcStreamOut {
  /** A reader's reply is one short line; more than this is not one. */
  private static final int REPLY_BYTES = 128;

  private final ByteChannel channel;
  private final WriteChannel out;
  private final StallGuard guard;
  private final CompressionCodec codec;

  IpcStreamOut(ByteChannel channel, StallGuard guard, CompressionCodec codec) {
    this.channel = channel;
    this.guard = guard;
    this.codec = codec;
    this.out =
        new WriteChannel(
            new WritableByteChannel() {
              @Override
              public int write(ByteBuffer src) throws IOException {
                guard.enter();
                try {
                  return channel.write(src);
                } finally {
                  guard.exit();
                }
              }

              @Override
              public boolean isOpen() {
                return channel.isOpen();
              }

              @Override
              public void close() throws IOException {
                channel.close();
              }
            });
  }

  void start(Schema schema) throws IOException {
    MessageSerializer.serialize(out, schema, IpcOption.DEFAULT);
  }

  /** Writes the root's rows as one record batch. */
  void write(VectorSchemaRoot root) throws IOException {
    try (ArrowRecordBatch batch = new VectorUnloader(root, true, codec, true).getRecordBatch()) {
      MessageSerializer.serialize(out, batch, IpcOption.DEFAULT);
    }
  }

  void end() throws IOException {
    ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
  }

  /**
   * Waits until the reader closes the connection, its acknowledgement that it read the whole
   * stream. Returns the first bytes the reader sent meanwhile (a DataStream listening read names
   * itself there, see {@link EndOfWrite}; other readers send nothing), as ASCII; anything beyond
   * them is ignored. The stall guard bounds the wait.
   */
  String awaitReaderClose() throws IOException {
    ByteBuffer reply = ByteBuffer.allocate(REPLY_BYTES);
    ByteBuffer ignored = ByteBuffer.allocate(256);
    while (true) {
      int n;
      guard.enter();
      try {
        n = channel.read(reply.hasRemaining() ? reply : ignored);
      } finally {
        guard.exit();
      }
      if (n < 0) {
        return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
      }
      ignored.clear();
    }
  }

  IOException failure(IOException e) {
    return guard.check(e);
  }
}
