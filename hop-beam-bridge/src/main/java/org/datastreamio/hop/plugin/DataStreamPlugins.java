package org.datastreamio.hop.plugin;

import java.util.ArrayList;
import java.util.List;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.exception.HopPluginException;
import org.apache.hop.core.plugins.IPlugin;
import org.apache.hop.core.plugins.PluginRegistry;

/** Registers the Data Stream plugin type with Hop and finds implementations by id. */
public final class DataStreamPlugins {
  private DataStreamPlugins() {}

  /**
   * Adds the plugin type to Hop's registry and scans for implementations, once. Called when Hop's
   * environment initializes ({@link RegisterDataStreamPluginType}) and again lazily wherever an
   * implementation is looked up, which covers Beam workers whose Hop environment was initialized
   * with a fixed list of plugin types.
   */
  public static synchronized void ensureRegistered(PluginRegistry registry)
      throws HopPluginException {
    DataStreamPluginType type = DataStreamPluginType.getInstance();
    if (registry.getPluginTypes().contains(DataStreamPluginType.class)) {
      return;
    }
    if (!PluginRegistry.getAddedPluginTypes().contains(type)) {
      PluginRegistry.addPluginType(type);
    }
    registry.registerType(type);
  }

  /** Creates the implementation registered under {@code id}; fails naming the known ids. */
  public static IDataStreamImplementation create(String id) throws HopException {
    PluginRegistry registry = PluginRegistry.getInstance();
    ensureRegistered(registry);
    IPlugin plugin = registry.findPluginWithId(DataStreamPluginType.class, id);
    if (plugin == null) {
      throw new HopException(
          "Unknown Data Stream implementation '"
              + id
              + "'. Known implementations: "
              + String.join(", ", known(registry))
              + ". Fix the implementation id in the Data Stream's metadata, or install the plugin that provides it.");
    }
    return registry.loadClass(plugin, IDataStreamImplementation.class);
  }

  /** "Arrow File (ArrowFile)", ... for messages. */
  public static List<String> known(PluginRegistry registry) {
    List<String> names = new ArrayList<>();
    for (IPlugin p : registry.getPlugins(DataStreamPluginType.class)) {
      names.add(p.getName() + " (" + p.getIds()[0] + ")");
    }
    names.sort(null);
    return names;
  }

  static String idOf(Class<?> implementationClass) {
    return DataStreamPluginType.annotationOf(implementationClass).id();
  }
}
