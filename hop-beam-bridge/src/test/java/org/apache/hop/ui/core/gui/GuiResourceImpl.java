package org.apache.hop.ui.core.gui;

import org.apache.hop.ui.hopgui.ISingletonProvider;

/**
 * Test-only stand-in for the desktop singleton provider Hop GUI ships in its hop-ui-rcp jar (not
 * published on Maven Central): one GuiResource for the test JVM's display.
 */
public class GuiResourceImpl implements ISingletonProvider {
  private static GuiResource instance;

  @Override
  public synchronized Object getInstanceInternal() {
    if (instance == null) {
      instance = new GuiResource() {};
    }
    return instance;
  }
}
