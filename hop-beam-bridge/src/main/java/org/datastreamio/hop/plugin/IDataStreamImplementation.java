package org.datastreamio.hop.plugin;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataObject;
import org.datastreamio.spi.StreamConfig;

/**
 * One way a Data Stream moves rows (Arrow Socket, Arrow Flight, Arrow File). It only holds its
 * settings and turns them into a datastream-io {@link StreamConfig}; all transport logic lives in
 * datastream-io. Hop's metadata serializers store it under its plugin id, via {@link
 * DataStreamImplementationFactory}.
 */
@HopMetadataObject(objectFactory = DataStreamImplementationFactory.class)
public interface IDataStreamImplementation {

  /**
   * The stream description with every variable resolved and secrets attached with {@link
   * StreamConfig#withSecret} (never in the URI). Fails with an {@link IllegalArgumentException}
   * that names the setting that is missing or wrong.
   */
  StreamConfig toStreamConfig(IVariables variables);

  /** The plugin id from the class's {@link DataStreamPlugin} annotation. */
  default String pluginId() {
    return DataStreamPlugins.idOf(getClass());
  }
}
