package org.datastreamio.arrow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Whether a batch's buffers hold what its lengths need, field by field under the stream's schema,
 * as the Arrow format requires: values and validity bits for every row a column declares, an offset
 * more than that, children as long as their parent makes them, string bytes up to the last offset.
 * Arrow Java trusts this when it loads a batch: it reads a column of 3 longs from 8 bytes as
 * whatever memory follows, and a column shorter than the count it is given is grown, which from
 * buffers of inconsistent sizes fails half-way with the new buffer allocated and lost (found by
 * SocketFramingFuzzTest). {@link CheckedStreamReader} and {@link CheckedFileReader} check every
 * record and dictionary batch here after Arrow deserialized it and before Arrow loads it. Not
 * checked: type ids of unions, the views of view types, and the offsets of a compressed batch,
 * which cannot be read before it is decompressed.
 */
final class BufferSizes {
  private final List<ArrowFieldNode> nodes;
  private final List<ArrowBuf> buffers;
  private final List<Long> variadicCounts;
  private final boolean compressed;
  private int node;
  private int buffer;
  private int variadic;

  private BufferSizes(ArrowRecordBatch batch) {
    this.nodes = batch.getNodes();
    this.buffers = batch.getBuffers();
    this.variadicCounts = batch.getVariadicBufferCounts();
    this.compressed =
        batch.getBodyCompression().getCodec() != CompressionUtil.CodecType.NO_COMPRESSION.getType();
  }

  /** Refuses a record batch of {@code reader}'s schema unless its buffers hold what it declares. */
  static void checkRecordBatch(ArrowReader reader, ArrowRecordBatch batch) {
    List<Field> fields;
    try {
      fields = reader.getVectorSchemaRoot().getSchema().getFields();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reached: batches are loaded after the schema
    }
    refuseIf(problem(fields, batch), batch);
  }

  /** Refuses a dictionary batch unless its buffers hold what it declares. */
  static void checkDictionary(Map<Long, Dictionary> dictionaries, ArrowDictionaryBatch batch) {
    Dictionary dictionary = dictionaries.get(batch.getDictionaryId());
    if (dictionary != null) { // Arrow refuses an unknown id itself
      refuseIf(problem(List.of(dictionary.getVector().getField()), batch.getDictionary()), batch);
    }
  }

  /** Arrow closes a batch once it loaded it; a refused one is closed here. */
  private static void refuseIf(String problem, AutoCloseable batch) {
    if (problem == null) {
      return;
    }
    try {
      batch.close();
    } catch (Exception e) {
      // the refusal is what matters
    }
    throw new InvalidBatchException(
        "not a valid Arrow IPC batch: "
            + problem
            + " (the data is corrupt, or not written by an Arrow IPC writer; nothing of it was"
            + " read)");
  }

  /** What is wrong with the batch's buffer sizes, or null when they hold what it declares. */
  static String problem(List<Field> fields, ArrowRecordBatch batch) {
    BufferSizes sizes = new BufferSizes(batch);
    for (Field field : fields) {
      String problem = sizes.field(field, batch.getLength());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * Checks a field's node and buffers, then its children's.
   *
   * @param count the values its parent (or the batch) makes it hold
   */
  private String field(Field field, long count) {
    if (node >= nodes.size()) {
      return "it has " + nodes.size() + " column nodes, fewer than its schema's fields";
    }
    int nodeIndex = node++;
    ArrowFieldNode fieldNode = nodes.get(nodeIndex);
    long length = fieldNode.getLength();
    String column = "column '" + field.getName() + "' (node " + nodeIndex + ")";
    if (length < 0 || fieldNode.getNullCount() < 0 || fieldNode.getNullCount() > length) {
      return column + " declares " + length + " values with " + fieldNode.getNullCount() + " nulls";
    }
    if (length < count) {
      return column + " declares " + length + " values where its batch or parent needs " + count;
    }
    // A dictionary-encoded column is sent as its indices; its values come in dictionary batches.
    boolean indices = field.getDictionary() != null;
    ArrowType type = indices ? field.getDictionary().getIndexType() : field.getType();
    List<BufferLayout> layouts = TypeLayout.getTypeLayout(type).getBufferLayouts();
    int first = buffer;
    long bufferCount = layouts.size() + (isView(type) ? variadicCount() : 0);
    if (bufferCount < 0 || first + bufferCount > buffers.size()) {
      return column + " needs buffers beyond the " + buffers.size() + " the batch lists";
    }
    buffer += (int) bufferCount;
    for (int i = 0; i < layouts.size(); i++) {
      long needed = needed(layouts.get(i), type, length, fieldNode.getNullCount());
      long size = size(first + i);
      if (size < needed) {
        return column
            + " declares "
            + length
            + " values, but its "
            + layouts.get(i).getType().getName().toLowerCase(Locale.ROOT)
            + " buffer (buffer "
            + (first + i)
            + ") "
            + (size < 0 ? "has a malformed compression prefix" : "holds " + size + " bytes")
            + ", fewer than the "
            + needed
            + " they need";
      }
    }
    if (indices) {
      return null;
    }
    ArrowTypeID id = type.getTypeID();
    if (id == ArrowTypeID.Utf8 || id == ArrowTypeID.Binary) {
      return dataProblem(column, first, 4, length);
    }
    if (id == ArrowTypeID.LargeUtf8 || id == ArrowTypeID.LargeBinary) {
      return dataProblem(column, first, 8, length);
    }
    long childCount = childCount(type, first, length);
    if (childCount < 0) {
      return column + " has a negative or decreasing offset";
    }
    for (Field child : field.getChildren()) {
      String problem = field(child, childCount);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** The bytes a buffer of this layout needs for {@code length} values. */
  private static long needed(BufferLayout layout, ArrowType type, long length, long nullCount) {
    long bits = layout.getTypeBitWidth();
    switch (layout.getType()) {
      case VALIDITY:
        // Arrow Java makes its own validity bits when no value or every value is null.
        return nullCount == 0 || nullCount == length ? 0 : bytes(length, 1);
      case OFFSET:
        // Strings, binaries and lists end each value at the next offset; list views and dense
        // unions give one offset per value.
        return length == 0 ? 0 : bytes(endsAtNextOffset(type) ? length + 1 : length, bits);
      case SIZE:
        return bytes(length, bits);
      case DATA:
        return isVariableWidth(type) ? 0 : bytes(length, bits);
      default:
        return 0; // union type ids and views: not checked
    }
  }

  /** How many values a field's children hold, or -1 when its offsets are malformed. */
  private long childCount(ArrowType type, int first, long length) {
    switch (type.getTypeID()) {
      case Struct:
        return length;
      case Union:
        return ((ArrowType.Union) type).getMode() == org.apache.arrow.vector.types.UnionMode.Sparse
            ? length
            : 0;
      case FixedSizeList:
        return length * ((ArrowType.FixedSizeList) type).getListSize();
      case List:
      case Map:
        return lastOffset(first + 1, 4, length);
      case LargeList:
        return lastOffset(first + 1, 8, length);
      default:
        return 0;
    }
  }

  /** Strings and binaries: the bytes up to the last offset are there. */
  private String dataProblem(String column, int first, int width, long length) {
    long last = lastOffset(first + 1, width, length);
    if (last < 0) {
      return column + " has a negative or decreasing offset";
    }
    long size = size(first + 2);
    if (size < last) {
      return column
          + " ends at byte "
          + last
          + " of its values, but its data buffer (buffer "
          + (first + 2)
          + ") holds "
          + Math.max(size, 0)
          + " bytes";
    }
    return null;
  }

  /**
   * The last of a field's offsets, checked to be no less than the first and not negative; -1 when
   * either fails, 0 when there are none or they are compressed (unreadable before decompression).
   */
  private long lastOffset(int offsets, int width, long length) {
    if (length == 0 || compressed) {
      return 0;
    }
    ArrowBuf buf = buffers.get(offsets);
    long first = width == 4 ? buf.getInt(0) : buf.getLong(0);
    long last = width == 4 ? buf.getInt(length * 4) : buf.getLong(length * 8);
    return first < 0 || last < first ? -1 : last;
  }

  /**
   * A buffer's size once loaded: as listed, or for a compressed batch as its 8-byte prefix says (-1
   * means stored uncompressed after the prefix); -1 when the prefix is malformed.
   */
  private long size(int index) {
    ArrowBuf buf = buffers.get(index);
    long length = buf.capacity();
    if (!compressed || length == 0) {
      return length;
    }
    if (length < 8) {
      return -1;
    }
    long declared = buf.getLong(0);
    return declared == -1 ? length - 8 : declared < 0 ? -1 : declared;
  }

  private long variadicCount() {
    return variadic < variadicCounts.size() ? variadicCounts.get(variadic++) : -1;
  }

  private static long bytes(long values, long bits) {
    return (values * bits + 7) / 8;
  }

  private static boolean isView(ArrowType type) {
    return type.getTypeID() == ArrowTypeID.Utf8View || type.getTypeID() == ArrowTypeID.BinaryView;
  }

  private static boolean endsAtNextOffset(ArrowType type) {
    ArrowTypeID id = type.getTypeID();
    return isVariableWidth(type)
        || id == ArrowTypeID.List
        || id == ArrowTypeID.LargeList
        || id == ArrowTypeID.Map;
  }

  private static boolean isVariableWidth(ArrowType type) {
    ArrowTypeID id = type.getTypeID();
    return id == ArrowTypeID.Utf8
        || id == ArrowTypeID.Binary
        || id == ArrowTypeID.LargeUtf8
        || id == ArrowTypeID.LargeBinary;
  }
}
