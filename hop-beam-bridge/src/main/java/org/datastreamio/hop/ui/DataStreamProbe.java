package org.datastreamio.hop.ui;

import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.serializer.memory.MemoryMetadataProvider;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.HopArrowReader;
import org.datastreamio.hop.transforms.DataStreamConnection;
import org.datastreamio.hop.transforms.DataStreamLayout;

/**
 * What the GUI's "Test" and "Get fields" buttons ask of a Data Stream: resolve it, find its
 * transport, and learn its fields the way Data Stream Input does at design time (schema reference,
 * file footer, Flight GetSchema). Works on a stream that is not saved yet.
 */
public final class DataStreamProbe {
  private DataStreamProbe() {}

  /** The stream's fields, or empty when it cannot tell before a pipeline runs (e.g. a socket). */
  public static Optional<IRowMeta> fields(DataStream stream, IVariables variables, String asking)
      throws HopException {
    MemoryMetadataProvider provider = new MemoryMetadataProvider();
    provider.getSerializer(DataStream.class).save(stream);
    boolean writing = !stream.getDirection().allowsRead();
    try (DataStreamConnection connection =
        DataStreamConnection.open(provider, variables, stream.getName(), asking, 0, writing)) {
      if (writing) {
        return Optional.empty();
      }
      Optional<Schema> schema =
          DataStreamLayout.discover(connection, stream.resolvedSchemaReference(variables));
      return schema.isPresent()
          ? Optional.of(HopArrowReader.rowMeta(schema.get()))
          : Optional.empty();
    }
  }

  /** A one-paragraph report for the Test button: where the stream goes and what its fields are. */
  public static String report(DataStream stream, IVariables variables) throws HopException {
    Optional<IRowMeta> fields = fields(stream, variables, Messages.get("Probe.Asker"));
    String target = stream.toStreamConfig(variables).toString();
    if (fields.isEmpty()) {
      return Messages.get("Probe.NoSchema", target);
    }
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < fields.get().size(); i++) {
      list.append("\n  ")
          .append(fields.get().getValueMeta(i).getName())
          .append(": ")
          .append(fields.get().getValueMeta(i).toStringMeta());
    }
    return Messages.get("Probe.Schema", target, fields.get().size()) + list;
  }
}
