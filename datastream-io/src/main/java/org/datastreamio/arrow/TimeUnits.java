package org.datastreamio.arrow;

import org.apache.arrow.vector.types.TimeUnit;

/** Exact conversions between (seconds, nanos) and a count of an Arrow time unit. */
final class TimeUnits {
  private TimeUnits() {}

  static long perSecond(TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return 1L;
      case MILLISECOND:
        return 1_000L;
      case MICROSECOND:
        return 1_000_000L;
      default:
        return 1_000_000_000L;
    }
  }

  /** Nanoseconds in one unit. */
  static long nanos(TimeUnit unit) {
    return 1_000_000_000L / perSecond(unit);
  }

  /** pyarrow's spelling: s, ms, us, ns. */
  static String suffix(TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return "s";
      case MILLISECOND:
        return "ms";
      case MICROSECOND:
        return "us";
      default:
        return "ns";
    }
  }

  /**
   * The count of {@code unit} in seconds + nanos; fails (ArithmeticException) when the nanos are
   * finer than the unit or the count overflows a long.
   */
  static long toUnit(long seconds, int nanos, TimeUnit unit) {
    long unitNanos = nanos(unit);
    if (nanos % unitNanos != 0) {
      throw new ArithmeticException("it has a fraction of a second finer than " + unit);
    }
    long perSecond = perSecond(unit);
    if (seconds < 0 && nanos > 0) {
      // Borrow a second so the product cannot overflow where the sum would not.
      return Math.addExact(
          Math.multiplyExact(seconds + 1, perSecond), nanos / unitNanos - perSecond);
    }
    return Math.addExact(Math.multiplyExact(seconds, perSecond), nanos / unitNanos);
  }

  static long seconds(long count, TimeUnit unit) {
    return Math.floorDiv(count, perSecond(unit));
  }

  static int nanosOfSecond(long count, TimeUnit unit) {
    return (int) (Math.floorMod(count, perSecond(unit)) * nanos(unit));
  }
}
