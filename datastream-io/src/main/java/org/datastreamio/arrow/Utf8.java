package org.datastreamio.arrow;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 encoding into a reused scratch array, so writing a string allocates nothing per value.
 * Unpaired surrogates become '?', as in String.getBytes.
 */
final class Utf8 {
  private byte[] scratch = new byte[256];

  byte[] buffer() {
    return scratch;
  }

  /** Encodes {@code s} into {@link #buffer()}; returns the byte length. */
  int encode(String s) {
    int n = s.length();
    if (scratch.length < n * 3) {
      scratch = new byte[Math.max(n * 3, scratch.length * 2)];
    }
    byte[] out = scratch;
    int pos = 0;
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      out[pos++] = (byte) c;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[pos++] = (byte) c;
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xC0 | (c >> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        int cp =
            Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))
                ? Character.toCodePoint(c, s.charAt(++i))
                : -1;
        if (cp < 0) {
          out[pos++] = '?';
        } else {
          out[pos++] = (byte) (0xF0 | (cp >> 18));
          out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[pos++] = (byte) (0x80 | (cp & 0x3F));
        }
      } else {
        out[pos++] = (byte) (0xE0 | (c >> 12));
        out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  /** Decodes bytes that a reader copied into a scratch array. */
  static String decode(byte[] bytes, int length) {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
