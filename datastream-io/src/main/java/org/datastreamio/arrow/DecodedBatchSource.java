package org.datastreamio.arrow;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSource;

/**
 * A source whose dictionary-encoded columns are handed out decoded: every reader of a transport (a
 * pipeline's read, {@code datastream cat}, Hop's Data Stream Input) sees the values, never the
 * indices, and no batch has to travel with its dictionaries. It looks at the source's schema only
 * when first asked (a listening socket knows it once a peer connects), and passes batches of a
 * source without dictionaries through untouched.
 */
public final class DecodedBatchSource implements BatchSource {
  private final BatchSource encoded;
  private final String name;
  private final BufferAllocator allocator;
  private Schema plain;
  private boolean decodes;
  private VectorSchemaRoot decoded;
  private long batchBytes;

  private DecodedBatchSource(BatchSource encoded, String name, BufferAllocator allocator) {
    this.encoded = encoded;
    this.name = name;
    this.allocator = allocator;
  }

  /**
   * A decoding view that owns {@code source}; {@code name} says where the data comes from, for
   * errors.
   */
  public static BatchSource of(BatchSource source, String name, BufferAllocator allocator) {
    return source instanceof DecodedBatchSource
        ? source
        : new DecodedBatchSource(source, name, allocator);
  }

  private void resolve() throws IOException {
    if (plain == null) {
      Schema schema = encoded.schema();
      decodes = PlainColumns.hasDictionaries(schema);
      plain = decodes ? PlainColumns.plainSchema(schema, encoded.dictionaries(), name) : schema;
    }
  }

  @Override
  public Schema schema() {
    try {
      resolve();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return plain;
  }

  @Override
  public boolean next() throws IOException {
    closeDecoded();
    // The batch first: a source that learns its schema from the data (a listening socket) reports a
    // failure to get it from next(), as an IOException, rather than from schema().
    if (!encoded.next()) {
      return false;
    }
    resolve();
    batchBytes = encoded.batchBytes(); // before decoding empties the encoded root
    if (decodes) {
      // The source's dictionaries are asked per batch: a stream may replace them between batches.
      decoded = PlainColumns.decode(encoded.root(), plain, encoded.dictionaries(), allocator);
    }
    return true;
  }

  @Override
  public VectorSchemaRoot root() {
    schema();
    if (!decodes) {
      return encoded.root();
    }
    if (decoded == null) {
      decoded = VectorSchemaRoot.create(plain, allocator);
    }
    return decoded;
  }

  @Override
  public long batchBytes() {
    return decodes ? batchBytes : encoded.batchBytes();
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
  public String whyNoFields() {
    return encoded.whyNoFields();
  }

  @Override
  public void cancel() {
    encoded.cancel();
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
