package org.apache.hop.ui.hopgui;

import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.metadata.serializer.multi.MultiMetadataProvider;

/**
 * Test-only stand-in for the desktop singleton provider Hop GUI ships in its hop-ui-rcp jar (not
 * published on Maven Central): a HopGui object, never opened, whose metadata provider the test sets
 * ({@link #useMetadata}). Transform dialogs take their metadata from it.
 */
public class HopGuiImpl implements ISingletonProvider {
  private static HopGui instance;

  @Override
  public synchronized Object getInstanceInternal() {
    if (instance == null) {
      instance = new HopGui() {};
    }
    return instance;
  }

  public static void useMetadata(IHopMetadataProvider provider) {
    HopGui gui = HopGui.getInstance();
    gui.setMetadataProvider(
        new MultiMetadataProvider(Variables.getADefaultVariableSpace(), provider));
  }
}
