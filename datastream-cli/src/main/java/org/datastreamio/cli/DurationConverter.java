package org.datastreamio.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** "90s", "30m", "12h", "7d", a number of seconds, or "never" (zero). */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("never")) {
      return Duration.ZERO;
    }
    try {
      long n = Long.parseLong(v.replaceAll("[smhd]$", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      switch (v.charAt(v.length() - 1)) {
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        case 'd':
          return Duration.ofDays(n);
        default:
          return Duration.ofSeconds(n);
      }
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("'" + value + "' is not a duration: write e.g. 90s, 30m, 12h, 7d or never");
    }
  }
}
