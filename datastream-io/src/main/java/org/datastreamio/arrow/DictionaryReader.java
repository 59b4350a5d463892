package org.datastreamio.arrow;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decodes a dictionary-encoded field: the vector holds indices, the provider the dictionary of the
 * current batch, whose values another reader reads. The dictionary is looked up per batch because
 * IPC streams may replace it between batches.
 */
final class DictionaryReader extends FieldReader {
  private final BaseIntVector indices;
  private final long id;
  private final DictionaryProvider provider;
  private final FieldReader.Plan values;
  private final String path;
  private FieldReader valueReader;

  DictionaryReader(
      BaseIntVector indices,
      long id,
      DictionaryProvider provider,
      FieldReader.Plan values,
      String path) {
    this.indices = indices;
    this.id = id;
    this.provider = provider;
    this.values = values;
    this.path = path;
  }

  @Override
  void startBatch() {
    Dictionary dictionary = provider.lookup(id);
    if (dictionary == null) {
      throw new UnsupportedTypeException(
          "Arrow field '"
              + path
              + "' is dictionary-encoded with dictionary id "
              + id
              + " but the DictionaryProvider has no such dictionary");
    }
    valueReader = values.bind(dictionary.getVector());
    valueReader.startBatch();
  }

  @Override
  @Nullable Object read(int index) {
    if (indices.isNull(index)) {
      return null;
    }
    return valueReader.read((int) indices.getValueAsLong(index));
  }
}
