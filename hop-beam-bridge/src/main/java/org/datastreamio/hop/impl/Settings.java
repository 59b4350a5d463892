package org.datastreamio.hop.impl;

import org.apache.hop.core.encryption.Encr;
import org.apache.hop.core.variables.IVariables;

/** Resolves implementation settings: variables first, then a clear error when a required one is blank. */
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

  static String required(IVariables variables, String value, String implementation, String setting, String example) {
    String resolved = optional(variables, value);
    if (resolved == null) {
      throw new IllegalArgumentException(
          implementation + " needs the setting '" + setting + "'" + (value == null || value.isBlank() ? "" : " (it resolved to an empty value from '" + value + "')")
              + ", e.g. " + example);
    }
    if (resolved.contains("${") || resolved.contains("%%")) {
      throw new IllegalArgumentException(
          implementation + " setting '" + setting + "' still holds an unresolved variable after resolving: '" + resolved
              + "'. Define the variable in the pipeline, project or environment.");
    }
    return resolved;
  }

  /** A password or token: resolved, then decoded when Hop's encoder encrypted it. */
  static String secret(IVariables variables, String value) {
    String resolved = optional(variables, value);
    return resolved == null ? null : Encr.decryptPasswordOptionallyEncrypted(resolved);
  }
}
