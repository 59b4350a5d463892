package org.datastreamio.cli;

import java.time.Duration;
import org.datastreamio.spi.StreamConfig;
import picocli.CommandLine.ITypeConverter;

/**
 * "90s", "30m", "12h", "7d", a number of seconds (as URI parameters take them), or "never" (zero).
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    if (value.trim().equalsIgnoreCase("never")) {
      return Duration.ZERO;
    }
    try {
      return StreamConfig.parseDuration(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration: write e.g. 90s, 30m, 12h, 7d or never");
    }
  }
}
