package org.datastreamio.hop.beam.engine;

import java.util.List;
import org.apache.hop.core.annotations.Transform;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.extension.ExtensionPoint;
import org.apache.hop.core.extension.ExtensionPointPluginType;
import org.apache.hop.core.extension.IExtensionPoint;
import org.apache.hop.core.logging.ILogChannel;
import org.apache.hop.core.plugins.IPlugin;
import org.apache.hop.core.plugins.PluginRegistry;
import org.apache.hop.core.plugins.TransformPluginType;
import org.apache.hop.core.variables.IVariables;

/**
 * Once every plugin is scanned, registers the Beam-aware metas under the Data Stream transform ids,
 * replacing the plain ones whatever order the plugin folders were scanned in. Same ids and XML, so
 * pipelines are unchanged and the local engine runs them exactly as before.
 */
@ExtensionPoint(
    id = RegisterBeamDataStreamTransforms.ID,
    extensionPointId = "HopEnvironmentAfterInit",
    description = "Lets Hop's Beam engine run Data Stream Input/Output as native DataStreamIO transforms")
public class RegisterBeamDataStreamTransforms implements IExtensionPoint<PluginRegistry> {
  static final String ID = "DataStreamBeamEngineTransforms";

  @Override
  public void callExtensionPoint(ILogChannel log, IVariables variables, PluginRegistry registry) throws HopException {
    IPlugin self = registry.findPluginWithId(ExtensionPointPluginType.class, ID);
    List<String> libraries = self == null ? List.of() : self.getLibraries();
    for (Class<?> meta : List.of(BeamDataStreamInputMeta.class, BeamDataStreamOutputMeta.class)) {
      registry.registerPluginClass(getClass().getClassLoader(), libraries, self == null ? null : self.getPluginDirectory(),
          meta.getName(), TransformPluginType.class, Transform.class, self == null || self.isNativePlugin());
    }
  }
}
