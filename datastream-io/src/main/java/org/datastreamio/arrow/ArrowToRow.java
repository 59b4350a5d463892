package org.datastreamio.arrow;

import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns record batches into Beam Rows of a given schema. The rows own their values (copied out of
 * Arrow buffers), so they stay valid after the next batch loads into the same root. Beam fields are
 * matched to Arrow fields by name.
 */
public final class ArrowToRow {
  private final Schema beamSchema;
  private final FieldReader.Plan[] plans;
  private final int[] positions;
  private @Nullable VectorSchemaRoot boundRoot;
  private final FieldVector[] boundVectors;
  private final FieldReader[] readers;
  private final RowReading rows;

  /**
   * Fails, naming the field and both types, when the Arrow schema does not convert to {@code
   * beamSchema}, or when a field is dictionary-encoded (use the overload with a provider).
   */
  public ArrowToRow(Schema beamSchema, org.apache.arrow.vector.types.pojo.Schema arrowSchema) {
    this(beamSchema, arrowSchema, null);
  }

  /**
   * Dictionary-encoded fields are decoded with the dictionaries {@code provider} holds per batch.
   */
  public ArrowToRow(
      Schema beamSchema,
      org.apache.arrow.vector.types.pojo.Schema arrowSchema,
      @Nullable DictionaryProvider provider) {
    this.beamSchema = beamSchema;
    int n = beamSchema.getFieldCount();
    List<Field> fields = arrowSchema.getFields();
    plans = new FieldReader.Plan[n];
    positions = new int[n];
    for (int i = 0; i < n; i++) {
      Schema.Field f = beamSchema.getField(i);
      positions[i] = FieldReaders.position(fields, f.getName(), f.getName());
      plans[i] = FieldReaders.plan(f.getType(), fields.get(positions[i]), f.getName(), provider);
    }
    boundVectors = new FieldVector[n];
    readers = new FieldReader[n];
    rows = new RowReading(beamSchema, readers);
  }

  /** The Arrow schema's own Beam schema, as {@link SchemaConverter#toBeam} gives it. */
  public static ArrowToRow forSchema(
      org.apache.arrow.vector.types.pojo.Schema arrowSchema,
      @Nullable DictionaryProvider provider) {
    return new ArrowToRow(ArrowToBeamSchema.convert(arrowSchema, provider), arrowSchema, provider);
  }

  public Schema beamSchema() {
    return beamSchema;
  }

  /** Emits every row of the root's current batch, in order. */
  public void convert(VectorSchemaRoot root, Consumer<Row> out) {
    bind(root);
    RowReading reading = rows;
    int count = root.getRowCount();
    for (int index = 0; index < count; index++) {
      out.accept(reading.row(index));
    }
  }

  /** Rebinds readers only when the root or its vectors changed; a reused root keeps its readers. */
  private void bind(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    for (int i = 0; i < plans.length; i++) {
      FieldVector v = positions[i] < vectors.size() ? vectors.get(positions[i]) : null;
      if (v == null || !v.getName().equals(beamSchema.getField(i).getName())) {
        throw new UnsupportedTypeException(
            "The batch's schema "
                + root.getSchema()
                + " is not the Arrow schema this converter was built for: no field '"
                + beamSchema.getField(i).getName()
                + "' at position "
                + positions[i]);
      }
      if (root != boundRoot || v != boundVectors[i]) {
        readers[i] = plans[i].bind(v);
        boundVectors[i] = v;
      }
      readers[i].startBatch();
    }
    boundRoot = root;
  }
}
