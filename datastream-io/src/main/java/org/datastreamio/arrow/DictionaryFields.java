package org.datastreamio.arrow;

import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The value field of a dictionary-encoded field. In memory (as an ArrowReader's root holds it) such
 * a field has the index type; its values' type is the dictionary vector's, which the provider
 * holds.
 */
final class DictionaryFields {
  private DictionaryFields() {}

  static Field valueField(Field field, @Nullable DictionaryProvider provider, String path) {
    DictionaryEncoding encoding = field.getDictionary();
    if (provider == null) {
      throw new UnsupportedTypeException(
          "Arrow field '"
              + path
              + "' is dictionary-encoded (dictionary id "
              + encoding.getId()
              + "); pass the DictionaryProvider (e.g. the ArrowReader) to SchemaConverter.toBeam and "
              + "ArrowToRow, or decode it in pyarrow with dictionary_decode()");
    }
    Dictionary dictionary = provider.lookup(encoding.getId());
    if (dictionary == null) {
      throw new UnsupportedTypeException(
          "Arrow field '"
              + path
              + "' is dictionary-encoded with dictionary id "
              + encoding.getId()
              + " but the DictionaryProvider has no such dictionary");
    }
    Field values = dictionary.getVector().getField();
    return new Field(
        field.getName(),
        new FieldType(field.isNullable(), values.getType(), null, field.getMetadata()),
        values.getChildren());
  }
}
