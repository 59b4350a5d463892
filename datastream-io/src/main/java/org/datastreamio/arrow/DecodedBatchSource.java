package org.datastreamio.arrow;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSource;

/**
 * A source whose dictionary-encoded columns are handed out decoded: every reader of a transport (a
 * pipeline's read, {@code datastream cat}, Hop's Data Stream Input) sees the values, never the
 * indices, and no batch has to travel with its dictionaries.
 */
public final class DecodedBatchSource implements BatchSource {
  private final BatchSource encoded;
  private final Schema plain;
  private final BufferAllocator allocator;
  private VectorSchemaRoot decoded;
  private long batchBytes;

  private DecodedBatchSource(BatchSource encoded, Schema plain, BufferAllocator allocator) {
    this.encoded = encoded;
    this.plain = plain;
    this.allocator = allocator;
  }

  /**
   * {@code source} itself when it has no dictionary-encoded column, else a decoding view of it that
   * owns it; {@code name} says where the data comes from, for errors.
   */
  public static BatchSource of(BatchSource source, String name, BufferAllocator allocator) throws IOException {
    Schema schema = source.schema();
    if (!PlainColumns.hasDictionaries(schema)) {
      return source;
    }
    try {
      return new DecodedBatchSource(source, PlainColumns.plainSchema(schema, source.dictionaries(), name), allocator);
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return plain;
  }

  @Override
  public boolean next() throws IOException {
    closeDecoded();
    if (!encoded.next()) {
      return false;
    }
    batchBytes = encoded.batchBytes(); // before decoding empties the encoded root
    // The source's dictionaries are asked per batch: a stream may replace them between batches.
    decoded = PlainColumns.decode(encoded.root(), plain, encoded.dictionaries(), allocator);
    return true;
  }

  @Override
  public VectorSchemaRoot root() {
    if (decoded == null) {
      decoded = VectorSchemaRoot.create(plain, allocator);
    }
    return decoded;
  }

  @Override
  public long batchBytes() {
    return batchBytes;
  }

  @Override
  public long droppedStreams() {
    return encoded.droppedStreams();
  }

  @Override
  public DictionaryProvider dictionaries() {
    return null;
  }

  @Override
  public void close() throws IOException {
    closeDecoded();
    encoded.close();
  }

  private void closeDecoded() {
    if (decoded != null) {
      decoded.close();
      decoded = null;
    }
  }
}
