package org.datastreamio.socket;

import java.io.IOException;

/**
 * A connection's stream ended early: its peer closed or reset it before the end-of-stream marker (a
 * writer that failed or was stopped). Unlike bytes that are not Arrow, this is what a retried
 * writer leaves behind, so a listening read with {@code truncated=drop} may skip it.
 */
final class TruncatedStreamException extends IOException {
  private static final long serialVersionUID = 1L;

  TruncatedStreamException(String message, Throwable cause) {
    super(message, cause);
  }
}
