package org.datastreamio.hop;

import org.apache.hop.core.HopEnvironment;
import org.apache.hop.core.exception.HopException;

/**
 * Initializes Hop once per test JVM, the way hop-run does: native plugins come from jandex indexes.
 */
public final class HopTestEnvironment {
  private HopTestEnvironment() {}

  public static synchronized void init() throws HopException {
    if (!HopEnvironment.isInitialized()) {
      HopEnvironment.init();
    }
  }
}
