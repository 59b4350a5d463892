package org.datastreamio.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A stream's name for Beam's Lineage: a system and its path segments. */
public final class LineageName {
  private final String system;
  private final List<String> segments;

  private LineageName(String system, List<String> segments) {
    this.system = system;
    this.segments = Collections.unmodifiableList(segments);
  }

  /** Splits every given part on '/' and drops empty segments. */
  public static LineageName of(String system, String... parts) {
    List<String> segments = new ArrayList<>();
    for (String part : parts) {
      for (String s : part.split("/")) {
        if (!s.isEmpty()) {
          segments.add(s);
        }
      }
    }
    return new LineageName(system, segments);
  }

  public String system() {
    return system;
  }

  public List<String> segments() {
    return segments;
  }

  @Override
  public String toString() {
    return system + ":" + String.join("/", segments);
  }
}
