package org.datastreamio.hop.rows;

import org.apache.hop.core.exception.HopValueException;

/**
 * A Hop value that does not fit its Arrow field (too many decimals, a value of another type).
 * Carries the field's name so a transform can route the row to its error hop naming the field.
 */
public class HopValueFitException extends HopValueException {
  private static final long serialVersionUID = 1L;

  private final String fieldName;

  public HopValueFitException(String fieldName, String message, Throwable cause) {
    super(message, cause);
    this.fieldName = fieldName;
  }

  public String fieldName() {
    return fieldName;
  }
}
