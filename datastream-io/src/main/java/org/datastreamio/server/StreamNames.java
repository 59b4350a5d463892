package org.datastreamio.server;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.CallStatus;

/**
 * What a new stream may be called: names must survive being typed, listed, dropped and given a TTL,
 * so no surrounding spaces, control characters or '/' (the separator of path descriptors), and a
 * bounded length. Checked only when a stream is created, so existing streams stay reachable.
 */
final class StreamNames {
  /**
   * Bytes of UTF-8; far above any real name, far below what a manifest or log line should carry.
   */
  static final int MAX_BYTES = 512;

  private StreamNames() {}

  static void checkNew(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(
              "Cannot create a stream named "
                  + quoted(name)
                  + ": "
                  + problem
                  + ". Use a name of letters, digits and punctuation such as 'orders-2024.eu' (no '/', no control characters,"
                  + " no surrounding spaces, at most "
                  + MAX_BYTES
                  + " bytes)")
          .toRuntimeException();
    }
  }

  private static String problem(String name) {
    if (name.isEmpty()) {
      return "the name is empty";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "the name is longer than " + MAX_BYTES + " bytes";
    }
    if (!name.equals(name.strip())) {
      return "the name has spaces around it";
    }
    if (name.indexOf('/') >= 0) {
      return "the name contains '/'";
    }
    if (name.codePoints()
        .anyMatch(
            c ->
                Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
      return "the name contains a control character";
    }
    return null;
  }

  /** The name as a log line or message may show it: control characters escaped, length bounded. */
  static String quoted(String name) {
    StringBuilder sb = new StringBuilder("'");
    name.codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    if (name.codePointCount(0, name.length()) > 80) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }
}
