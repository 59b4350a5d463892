package org.datastreamio.arrow;

/**
 * A record or dictionary batch that is not valid Arrow IPC (its buffers are shorter than its
 * lengths need); the message names the column, the buffer and the sizes. Nothing of the batch was
 * loaded.
 */
public final class InvalidBatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidBatchException(String message) {
    super(message);
  }
}
