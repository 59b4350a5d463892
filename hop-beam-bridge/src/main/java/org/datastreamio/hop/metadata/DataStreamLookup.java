package org.datastreamio.hop.metadata;

import java.util.List;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.metadata.api.IHopMetadataSerializer;

/** Finds a Data Stream by the name a transform selected, with an error that lists what exists. */
public final class DataStreamLookup {
  private DataStreamLookup() {}

  public static DataStream load(
      IHopMetadataProvider provider, String name, IVariables variables, String transformName)
      throws HopException {
    String resolved = name == null ? "" : variables.resolve(name).trim();
    if (resolved.isEmpty()) {
      throw new HopException(
          "Transform '"
              + transformName
              + "' has no Data Stream selected: pick one by name (metadata type 'Data Stream')");
    }
    if (provider == null) {
      throw new HopException(
          "Transform '"
              + transformName
              + "' cannot look up Data Stream '"
              + resolved
              + "': the pipeline has no metadata provider");
    }
    IHopMetadataSerializer<DataStream> serializer = provider.getSerializer(DataStream.class);
    DataStream stream = serializer.load(resolved);
    if (stream == null) {
      List<String> known = serializer.listObjectNames();
      known.sort(null);
      throw new HopException(
          "Transform '"
              + transformName
              + "' uses Data Stream '"
              + resolved
              + "', which does not exist in the project metadata ("
              + provider.getDescription()
              + "). Known Data Streams: "
              + (known.isEmpty() ? "none" : String.join(", ", known))
              + ". Create it under metadata/"
              + DataStream.KEY
              + "/"
              + resolved
              + ".json or select another one.");
    }
    return stream;
  }
}
