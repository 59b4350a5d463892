package org.datastreamio.hop.plugin;

import java.util.Optional;

/**
 * Hop 2.18 and later ship their own Data Stream metadata type and Data Stream Input/Output
 * transforms under the same metadata key and transform ids as this plugin, which is for Hop 2.16
 * and 2.17. Two plugins with one id replace each other in Hop's registry depending on scan order,
 * so the plugin says so at start instead of letting pipelines pick either.
 */
final class HopsOwnDataStreams {
  /** The metadata class of Hop 2.18's own Data Stream type. */
  static final String HOP_DATA_STREAM_META =
      "org/apache/hop/datastream/metadata/DataStreamMeta.class";

  private HopsOwnDataStreams() {}

  /** The message to log when {@code hop} (Hop's own class loader) has its own Data Stream type. */
  static Optional<String> clash(ClassLoader hop) {
    if (hop == null || hop.getResource(HOP_DATA_STREAM_META) == null) {
      return Optional.empty();
    }
    return Optional.of(
        "This Hop ships its own Data Stream type (Hop 2.18 or later), with the same metadata key 'data-stream' and"
            + " transform ids DataStreamInput/DataStreamOutput as the DataStream IO plugin, which supports Hop 2.16 and 2.17."
            + " Remove plugins/datastream from this Hop installation and use Hop's own Data Streams.");
  }
}
