package org.apache.hop.ui.hopgui;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;

/**
 * Test-only stand-in for the desktop implementation Hop GUI ships in its hop-ui-rcp jar (not
 * published on Maven Central): measures text with a GC on the default display.
 */
public class TextSizeUtilFacadeImpl extends TextSizeUtilFacade {
  @Override
  Point textExtentInternal(String text) {
    GC gc = new GC(Display.getDefault());
    try {
      return gc.textExtent(text);
    } finally {
      gc.dispose();
    }
  }
}
