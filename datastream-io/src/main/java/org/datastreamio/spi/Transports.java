package org.datastreamio.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds the {@link Transport} for a stream by its URI scheme, through {@link ServiceLoader}. */
public final class Transports {
  private static volatile Map<String, Transport> bySchemeCache;

  private Transports() {}

  /**
   * The transport for this config, with its parameters checked; fails naming the URI and the fix.
   */
  public static Transport forConfig(StreamConfig config) {
    Transport transport = byScheme().get(config.scheme());
    if (transport == null) {
      throw new IllegalArgumentException(
          "No DataStream transport handles scheme '"
              + config.scheme()
              + "' of stream "
              + config.location()
              + ". Known schemes: "
              + String.join(", ", new TreeSet<>(byScheme().keySet()))
              + ". A transport outside this jar must be on the classpath with a META-INF/services/"
              + Transport.class.getName()
              + " entry.");
    }
    for (String name : config.parameters().keySet()) {
      if (!CommonParameters.ALL.contains(name) && !transport.parameters().contains(name)) {
        TreeSet<String> known = new TreeSet<>(CommonParameters.ALL);
        known.addAll(transport.parameters());
        throw new IllegalArgumentException(
            "Unknown parameter '"
                + name
                + "' for "
                + transport.name()
                + " stream "
                + config.location()
                + ". Known parameters: "
                + String.join(", ", known));
      }
    }
    CommonParameters.batchRows(config);
    CommonParameters.batchBytes(config);
    transport.validate(config);
    return transport;
  }

  /** Every scheme with its transport's name, for help texts. */
  public static Map<String, String> schemes() {
    Map<String, String> out = new TreeMap<>();
    byScheme().forEach((scheme, t) -> out.put(scheme, t.name()));
    return out;
  }

  private static Map<String, Transport> byScheme() {
    Map<String, Transport> cached = bySchemeCache;
    if (cached == null) {
      Map<String, Transport> map = new TreeMap<>();
      for (Transport t : ServiceLoader.load(Transport.class, Transports.class.getClassLoader())) {
        for (String scheme : t.schemes()) {
          Transport previous = map.putIfAbsent(scheme, t);
          if (previous != null && !previous.getClass().equals(t.getClass())) {
            throw new IllegalStateException(
                "Two DataStream transports claim scheme '"
                    + scheme
                    + "': "
                    + previous.getClass().getName()
                    + " and "
                    + t.getClass().getName());
          }
        }
      }
      bySchemeCache = cached = map;
    }
    return cached;
  }
}
