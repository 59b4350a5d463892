package org.datastreamio.spi;

import java.util.Locale;

/**
 * Which parameter names hold secrets themselves (as opposed to naming a file or variable that
 * does).
 */
final class SecretNames {
  private SecretNames() {}

  static boolean isSecret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith("file") || n.endsWith("env")) {
      return false;
    }
    return n.equals("password")
        || n.equals("token")
        || n.equals("secret")
        || n.endsWith("password")
        || n.endsWith("token")
        || n.endsWith("secret")
        || n.equals("key")
        || n.endsWith("privatekey");
  }
}
