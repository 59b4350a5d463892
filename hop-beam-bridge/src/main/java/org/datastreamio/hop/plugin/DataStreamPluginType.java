package org.datastreamio.hop.plugin;

import org.apache.hop.core.plugins.BasePluginType;
import org.apache.hop.core.plugins.PluginAnnotationType;
import org.apache.hop.core.plugins.PluginMainClassType;

/** The Hop plugin type of Data Stream implementations, found like any Hop plugin (jandex index). */
@PluginMainClassType(IDataStreamImplementation.class)
@PluginAnnotationType(DataStreamPlugin.class)
public final class DataStreamPluginType extends BasePluginType<DataStreamPlugin> {
  public static final String ID = "DATA_STREAM";

  private static final DataStreamPluginType INSTANCE = new DataStreamPluginType();

  private DataStreamPluginType() {
    super(DataStreamPlugin.class, ID, "Data Stream");
  }

  public static DataStreamPluginType getInstance() {
    return INSTANCE;
  }

  @Override
  protected String extractID(DataStreamPlugin annotation) {
    return annotation.id();
  }

  @Override
  protected String extractName(DataStreamPlugin annotation) {
    return annotation.name();
  }

  @Override
  protected String extractDesc(DataStreamPlugin annotation) {
    return annotation.description();
  }

  @Override
  protected String extractDocumentationUrl(DataStreamPlugin annotation) {
    return annotation.documentationUrl();
  }
}
