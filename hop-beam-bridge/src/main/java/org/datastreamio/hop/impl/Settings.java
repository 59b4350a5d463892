package org.datastreamio.hop.impl;

import org.apache.hop.core.encryption.Encr;
import org.apache.hop.core.variables.IVariables;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.spi.StreamConfig;

/**
 * Resolves implementation settings: variables first, then a clear error when a required one is
 * blank.
 */
final class Settings {
  private Settings() {}

  /** The setting with variables resolved, or null when blank. */
  static String optional(IVariables variables, String value) {
    if (value == null) {
      return null;
    }
    String resolved = variables.resolve(value).trim();
    return resolved.isEmpty() ? null : resolved;
  }

  static String required(
      IVariables variables, String value, String implementation, String setting, String example) {
    String resolved = optional(variables, value);
    if (resolved == null) {
      throw new IllegalArgumentException(
          implementation
              + " needs the setting '"
              + setting
              + "'"
              + (value == null || value.isBlank()
                  ? ""
                  : " (it resolved to an empty value from '" + value + "')")
              + ", e.g. "
              + example);
    }
    if (resolved.contains("${") || resolved.contains("%%")) {
      throw new IllegalArgumentException(
          implementation
              + " setting '"
              + setting
              + "' still holds an unresolved variable after resolving: '"
              + resolved
              + "'. Define the variable in the pipeline, project or environment.");
    }
    return resolved;
  }

  /**
   * A setting with a fixed set of values, lower-cased; null when blank; fails naming the allowed
   * ones.
   */
  static String choice(
      IVariables variables,
      String value,
      String implementation,
      String setting,
      String... allowed) {
    String resolved = optional(variables, value);
    if (resolved == null) {
      return null;
    }
    String lower = resolved.toLowerCase(java.util.Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(lower)) {
        return lower;
      }
    }
    throw new IllegalArgumentException(
        implementation
            + " setting '"
            + setting
            + "' must be one of "
            + String.join(", ", allowed)
            + ", got '"
            + resolved
            + "'");
  }

  /** Adds the IPC compression parameter when the setting is given. */
  static StreamConfig withCompression(
      StreamConfig config, IVariables variables, String compression, String implementation) {
    String codec =
        choice(variables, compression, implementation, "compression", "none", "zstd", "lz4");
    return codec == null ? config : config.withParameter(IpcCompression.PARAMETER, codec);
  }

  /** A password or token: resolved, then decoded when Hop's encoder encrypted it. */
  static String secret(IVariables variables, String value) {
    String resolved = optional(variables, value);
    return resolved == null ? null : Encr.decryptPasswordOptionallyEncrypted(resolved);
  }
}
