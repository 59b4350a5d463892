package org.datastreamio.spi;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** Identifies what a sink writes: one bundle's part of one write, within one window. */
@AutoValue
public abstract class SinkContext implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The id of the whole write (one per DataStreamIO.write() in a pipeline run). */
  public abstract String writeId();

  /** Unique per bundle attempt: a retried bundle gets a new part id. */
  public abstract String partId();

  /** Names the window for windowed (streaming) writes; empty for the global window. */
  public abstract String windowTag();

  public static SinkContext of(String writeId, String partId, String windowTag) {
    return new AutoValue_SinkContext(writeId, partId, windowTag);
  }
}
