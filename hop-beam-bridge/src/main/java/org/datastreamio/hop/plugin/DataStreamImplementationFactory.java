package org.datastreamio.hop.plugin;

import org.apache.hop.core.exception.HopException;
import org.apache.hop.metadata.api.IHopMetadataObjectFactory;

/** Lets Hop's metadata serializers store an implementation by plugin id and create it back. */
public final class DataStreamImplementationFactory implements IHopMetadataObjectFactory {

  @Override
  public Object createObject(String id, Object parentObject) throws HopException {
    return DataStreamPlugins.create(id);
  }

  @Override
  public String getObjectId(Object object) throws HopException {
    if (!(object instanceof IDataStreamImplementation)) {
      throw new HopException(
          "Expected a Data Stream implementation, got "
              + (object == null ? "null" : object.getClass().getName()));
    }
    return ((IDataStreamImplementation) object).pluginId();
  }
}
