package org.datastreamio.beam;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;

/**
 * Names a window in part names: empty for the global window, start and end millis for intervals.
 */
final class WindowTags {
  private WindowTags() {}

  static String of(BoundedWindow window) {
    if (window instanceof GlobalWindow) {
      return "";
    }
    if (window instanceof IntervalWindow) {
      IntervalWindow w = (IntervalWindow) window;
      return "w" + w.start().getMillis() + "-" + w.end().getMillis();
    }
    return "w" + Integer.toHexString(window.hashCode()) + "-" + window.maxTimestamp().getMillis();
  }
}
