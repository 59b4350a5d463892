package org.datastreamio.hop.plugin;

import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.extension.ExtensionPoint;
import org.apache.hop.core.extension.IExtensionPoint;
import org.apache.hop.core.logging.ILogChannel;
import org.apache.hop.core.plugins.PluginRegistry;
import org.apache.hop.core.variables.IVariables;

/**
 * Registers the Data Stream plugin type when Hop's environment has initialized (Hop GUI, hop-run,
 * hop-server and Hop's Beam workers all fire this extension point).
 */
@ExtensionPoint(
    id = "DataStreamPluginTypeRegistration",
    extensionPointId = "HopEnvironmentAfterInit",
    description = "Registers the Data Stream plugin type (Arrow Socket, Arrow Flight, Arrow File)")
public class RegisterDataStreamPluginType implements IExtensionPoint<PluginRegistry> {

  @Override
  public void callExtensionPoint(ILogChannel log, IVariables variables, PluginRegistry registry)
      throws HopException {
    HopsOwnDataStreams.clash(PluginRegistry.class.getClassLoader()).ifPresent(log::logError);
    DataStreamPlugins.ensureRegistered(registry);
  }
}
