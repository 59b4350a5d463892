package org.datastreamio.spi;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** What one bundle wrote: where (transport-specific), and how much. */
@AutoValue
public abstract class WrittenPart implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Transport-specific: a temporary or final path, a Flight part id, a socket address. */
  public abstract String location();

  /** The window this part belongs to; empty for the global window. */
  public abstract String windowTag();

  public abstract long rows();

  public abstract long batches();

  /** Bytes of Arrow payload. */
  public abstract long bytes();

  public static WrittenPart of(
      String location, String windowTag, long rows, long batches, long bytes) {
    return new AutoValue_WrittenPart(location, windowTag, rows, batches, bytes);
  }

  public WrittenPart withLocation(String newLocation) {
    return of(newLocation, windowTag(), rows(), batches(), bytes());
  }
}
