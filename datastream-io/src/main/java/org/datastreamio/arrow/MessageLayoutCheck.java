package org.datastreamio.arrow;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks each message of one Arrow IPC stream before Arrow deserializes it, for every reader of IPC
 * streams (socket connections and stream files): a batch's buffers lie within its body, and hold
 * what its lengths need under the stream's schema (see {@link BufferSizes}). Arrow Java trusts
 * both, and fails on either with memory it allocated left behind. One instance per stream: it
 * learns the schema from the stream's first message.
 */
public final class MessageLayoutCheck {
  /** Little-endian reads from a message's body, at offsets within it. */
  @FunctionalInterface
  interface BodyBytes {
    /** The signed integer of {@code width} bytes (4 or 8) at {@code offset}. */
    long read(long offset, int width);
  }

  private Schema schema;

  /**
   * Returns the message if it is sound; otherwise releases its body and throws.
   *
   * @param what names the source and the message, for the error: "connection 1 from X sent message
   *     3, which"
   */
  public MessageResult checked(MessageResult message, String what) throws IOException {
    if (message == null) {
      return null;
    }
    ArrowBuf body = message.getBodyBuffer();
    String problem;
    try {
      problem = problem(message.getMessage(), body);
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

  private String problem(Message message, ArrowBuf body) {
    long bodyLength = body == null ? 0 : body.capacity();
    byte type = message.headerType();
    if (type == MessageHeader.Schema && schema == null) {
      schema = MessageSerializer.deserializeSchema(message);
    }
    RecordBatch batch;
    List<Field> fields;
    if (type == MessageHeader.RecordBatch) {
      batch = (RecordBatch) message.header(new RecordBatch());
      fields = schema == null ? null : schema.getFields();
    } else if (type == MessageHeader.DictionaryBatch) {
      DictionaryBatch dictionary = (DictionaryBatch) message.header(new DictionaryBatch());
      batch = dictionary == null ? null : dictionary.data();
      fields = schema == null || dictionary == null ? null : dictionaryValues(dictionary.id());
    } else {
      return bodyLength == 0
          ? null
          : "a message of type " + MessageHeader.name(type) + " carries a body of " + bodyLength;
    }
    if (batch == null) {
      return "a batch message without its batch header";
    }
    return fields == null
        ? boundsProblem(batch, bodyLength)
        : batchProblem(batch, bodyLength, fields, body == null ? null : bytesOf(body));
  }

  private static String batchProblem(
      RecordBatch batch, long bodyLength, List<Field> fields, BodyBytes body) {
    String problem = boundsProblem(batch, bodyLength);
    return problem != null ? problem : BufferSizes.problem(fields, batch, body);
  }

  private static BodyBytes bytesOf(ArrowBuf body) {
    return (offset, width) -> width == 4 ? body.getInt(offset) : body.getLong(offset);
  }

  /** The buffers, counts and lengths Arrow's deserialization reads without checking. */
  private static String boundsProblem(RecordBatch batch, long bodyLength) {
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

  /**
   * The field whose dictionary a dictionary batch carries, as the batch's one column of values;
   * null when the schema declares no such dictionary (Arrow refuses that itself).
   */
  private List<Field> dictionaryValues(long id) {
    Field encoded = encodedField(schema.getFields(), id);
    return encoded == null ? null : List.of(BufferSizes.dictionaryValues(encoded));
  }

  private static Field encodedField(List<Field> fields, long id) {
    for (Field field : fields) {
      if (field.getDictionary() != null && field.getDictionary().getId() == id) {
        return field;
      }
      Field nested = encodedField(field.getChildren(), id);
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }

  private static boolean fitsInt(long value) {
    return value >= 0 && value <= Integer.MAX_VALUE;
  }
}
