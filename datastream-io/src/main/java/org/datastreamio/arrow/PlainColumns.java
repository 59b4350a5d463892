package org.datastreamio.arrow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Decodes dictionary-encoded columns (what pyarrow writes for pandas categoricals) into plain
 * columns, because batches leave their reader without its dictionaries: passed on as they are, they
 * would carry bare indices. Dictionaries nested inside lists or structs are refused with a clear
 * error. Every read decodes here: the socket's stream reader and DataStreamIO's reads of files and
 * Flight.
 */
public final class PlainColumns {
  private PlainColumns() {}

  public static boolean hasDictionaries(Schema schema) {
    for (Field f : schema.getFields()) {
      if (f.getDictionary() != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The schema with every dictionary-encoded column replaced by its value type; {@code source}
   * names where the data came from, for errors.
   */
  public static Schema plainSchema(Schema encoded, DictionaryProvider dictionaries, String source)
      throws IOException {
    if (dictionaries == null) {
      throw new IOException(
          source + " has dictionary-encoded columns but gives no dictionaries to decode them with");
    }
    List<Field> fields = new ArrayList<>();
    for (Field f : encoded.getFields()) {
      refuseNested(f.getChildren(), f.getName(), source);
      if (f.getDictionary() == null) {
        fields.add(f);
        continue;
      }
      Field values = dictionaries.lookup(f.getDictionary().getId()).getVector().getField();
      refuseNested(values.getChildren(), f.getName(), source);
      fields.add(
          new Field(
              f.getName(),
              new FieldType(f.isNullable(), values.getType(), null, f.getMetadata()),
              values.getChildren()));
    }
    return new Schema(fields, encoded.getCustomMetadata());
  }

  /** The batch of {@code encoded} as plain columns in a new root; {@code encoded} is left empty. */
  public static VectorSchemaRoot decode(
      VectorSchemaRoot encoded,
      Schema plain,
      DictionaryProvider dictionaries,
      BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (int i = 0; i < plain.getFields().size(); i++) {
        FieldVector source = encoded.getVector(i);
        Field field = source.getField();
        if (field.getDictionary() == null) {
          TransferPair pair = source.getTransferPair(allocator);
          pair.transfer();
          vectors.add((FieldVector) pair.getTo());
          continue;
        }
        Dictionary dictionary = dictionaries.lookup(field.getDictionary().getId());
        FieldVector target = plain.getFields().get(i).createVector(allocator);
        vectors.add(target);
        try (ValueVector decoded = DictionaryEncoder.decode(source, dictionary, allocator)) {
          decoded.makeTransferPair(target).transfer();
        }
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    return new VectorSchemaRoot(plain.getFields(), vectors, encoded.getRowCount());
  }

  private static void refuseNested(List<Field> children, String column, String source)
      throws IOException {
    for (Field c : children) {
      if (c.getDictionary() != null) {
        throw new IOException(
            source
                + " has column '"
                + column
                + "' with a dictionary-encoded field '"
                + c.getName()
                + "' inside it; only top-level dictionary columns are decoded."
                + " Decode it before writing (pyarrow: pc.cast / .dictionary_decode()).");
      }
      refuseNested(c.getChildren(), column, source);
    }
  }
}
