package org.datastreamio.arrow;

/**
 * A field whose type has no mapping between Beam and Arrow; the message names the field and type.
 */
public class UnsupportedTypeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsupportedTypeException(String message) {
    super(message);
  }
}
