package org.datastreamio.arrow;

/** A row value that does not fit its field; the message names the field and the value's type. */
public class ValueFitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ValueFitException(String message) {
    super(message);
  }

  public ValueFitException(String message, Throwable cause) {
    super(message, cause);
  }
}
