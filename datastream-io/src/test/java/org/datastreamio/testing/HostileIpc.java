package org.datastreamio.testing;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.MessageChecks;

/**
 * Arrow IPC streams that a hostile or broken peer sends: a valid stream to cut, and a valid schema
 * message followed by a record batch message whose metadata declares a body length or buffer layout
 * of the test's choosing. Used by the socket fuzzer and the bad-input suites.
 */
public final class HostileIpc {
  private HostileIpc() {}

  /** A stream of {@code batches} batches of four ids each (0, 1, 2, ...) in one BIGINT column. */
  public static byte[] validStream(int batches) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BufferAllocator allocator = ArrowMemory.newChild("hostile-ipc");
        BigIntVector ids = new BigIntVector("id", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(ids);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      for (int b = 0; b < batches; b++) {
        ids.allocateNew(4);
        for (int i = 0; i < 4; i++) {
          ids.set(i, b * 4L + i);
        }
        ids.setValueCount(4);
        root.setRowCount(4);
        writer.writeBatch();
      }
      writer.end();
    }
    return out.toByteArray();
  }

  /** The schema message of {@link #validStream}: where every hostile stream below starts. */
  public static byte[] schemaMessage() throws IOException {
    byte[] valid = validStream(0);
    int length = ByteBuffer.wrap(valid, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Arrays.copyOf(valid, 8 + length);
  }

  /**
   * The schema, then a batch of four ids whose metadata declares a body of {@code bodyLength}
   * bytes, followed by {@code bodySent} bytes of it (zeros); no end-of-stream marker.
   */
  public static byte[] batchDeclaringBody(long bodyLength, int bodySent) throws IOException {
    return concat(
        schemaMessage(), batchMessage(bodyLength, new long[] {0, 8, 8, 32}), new byte[bodySent]);
  }

  /**
   * The schema, then a batch of four ids whose value buffer lies beyond its 40-byte body, the body
   * and the end-of-stream marker: what a corrupt writer sends.
   */
  public static byte[] batchOutsideItsBody() throws IOException {
    return concat(
        schemaMessage(),
        batchMessage(40, new long[] {0, 8, 4096, 32}),
        new byte[40],
        new byte[] {-1, -1, -1, -1, 0, 0, 0, 0});
  }

  /** Where each message of a stream ends: the offsets to cut it at message boundaries. */
  public static java.util.List<Integer> messageEnds(byte[] stream) {
    java.util.List<Integer> ends = new java.util.ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
    int at = 0;
    while (at + 8 <= stream.length && in.getInt(at + 4) > 0) {
      int metadata = in.getInt(at + 4);
      long body = MessageChecks.bodyLength(ByteBuffer.wrap(stream, at + 8, metadata).slice());
      at += 8 + metadata + (int) body;
      ends.add(at);
    }
    return ends;
  }

  /** A record batch message (prefix and padded metadata) with the given body length and buffers. */
  private static byte[] batchMessage(long bodyLength, long[] buffers) {
    FlatBufferBuilder b = new FlatBufferBuilder();
    RecordBatch.startNodesVector(b, 1);
    FieldNode.createFieldNode(b, 4, 0);
    int nodes = b.endVector();
    RecordBatch.startBuffersVector(b, buffers.length / 2);
    for (int i = buffers.length - 2; i >= 0; i -= 2) {
      Buffer.createBuffer(b, buffers[i], buffers[i + 1]);
    }
    int bufferVector = b.endVector();
    int batch = RecordBatch.createRecordBatch(b, 4, nodes, bufferVector, 0, 0);
    int message =
        Message.createMessage(
            b, MetadataVersion.V5, MessageHeader.RecordBatch, batch, bodyLength, 0);
    b.finish(message);
    byte[] metadata = b.sizedByteArray();
    int padded = (metadata.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(-1).putInt(padded).put(metadata);
    return out.array();
  }

  /**
   * An Arrow IPC stream, or with {@code fileFormat} an Arrow file, of one record batch whose nodes
   * ({length, null count} pairs) and buffers are exactly as given, whatever its schema needs.
   */
  public static byte[] batchWithLayout(
      Schema schema,
      int rows,
      long[] nodes,
      byte[][] buffers,
      boolean fileFormat,
      BufferAllocator allocator)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteChannel channel = new WriteChannel(Channels.newChannel(out));
    if (fileFormat) {
      channel.write(new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0});
    }
    MessageSerializer.serialize(channel, schema);
    List<ArrowFieldNode> fieldNodes = new ArrayList<>();
    for (int i = 0; i < nodes.length; i += 2) {
      fieldNodes.add(new ArrowFieldNode(nodes[i], nodes[i + 1]));
    }
    List<ArrowBuf> bufs = new ArrayList<>();
    ArrowBlock block;
    try {
      for (byte[] bytes : buffers) {
        ArrowBuf buf = allocator.buffer(bytes.length);
        bufs.add(buf);
        buf.setBytes(0, bytes);
        buf.writerIndex(bytes.length);
      }
      try (ArrowRecordBatch batch = new ArrowRecordBatch(rows, fieldNodes, bufs)) {
        block = MessageSerializer.serialize(channel, batch);
      }
    } finally {
      bufs.forEach(ArrowBuf::close);
    }
    channel.writeIntLittleEndian(-1);
    channel.writeIntLittleEndian(0);
    if (fileFormat) {
      long footerStart = channel.getCurrentPosition();
      FlatBufferBuilder footer = new FlatBufferBuilder();
      footer.finish(new ArrowFooter(schema, List.of(), List.of(block)).writeTo(footer));
      channel.write(footer.dataBuffer());
      channel.writeIntLittleEndian((int) (channel.getCurrentPosition() - footerStart));
      channel.write(new byte[] {'A', 'R', 'R', 'O', 'W', '1'});
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
