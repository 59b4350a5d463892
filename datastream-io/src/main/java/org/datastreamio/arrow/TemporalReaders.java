package org.datastreamio.arrow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Readers for timestamps, dates, times and durations of any Arrow unit. */
final class TemporalReaders {
  private TemporalReaders() {}

  /** What a count of the vector's unit becomes. */
  enum Target {
    JODA_INSTANT,
    INSTANT_MICROS,
    INSTANT_NANOS,
    LOCAL_DATE_TIME,
    LOCAL_TIME,
    DURATION,
    LOCAL_DATE
  }

  static final class Counts extends FieldReader {
    private final BaseFixedWidthVector v;
    private final int width;
    private final TimeUnit unit;
    private final Target target;
    private final String path;

    Counts(ValueVector v, TimeUnit unit, Target target, String path) {
      this.v = (BaseFixedWidthVector) v;
      this.width = this.v.getTypeWidth();
      this.unit = unit;
      this.target = target;
      this.path = path;
    }

    @Override
    @Nullable Object read(int i) {
      if (v.isNull(i)) {
        return null;
      }
      long count = FixedWidth.get(v, width, i);
      switch (target) {
        case JODA_INSTANT:
          return new org.joda.time.Instant(millis(count, i));
        case INSTANT_MICROS:
          if (unit == TimeUnit.NANOSECOND && count % 1000 != 0) {
            throw lossy(count, i, "microseconds");
          }
          return Instant.ofEpochSecond(
              TimeUnits.seconds(count, unit), TimeUnits.nanosOfSecond(count, unit));
        case INSTANT_NANOS:
          return Instant.ofEpochSecond(
              TimeUnits.seconds(count, unit), TimeUnits.nanosOfSecond(count, unit));
        case LOCAL_DATE_TIME:
          return LocalDateTime.ofEpochSecond(
              TimeUnits.seconds(count, unit), TimeUnits.nanosOfSecond(count, unit), ZoneOffset.UTC);
        case LOCAL_TIME:
          return LocalTime.ofNanoOfDay(count * TimeUnits.nanos(unit));
        case DURATION:
          return Duration.ofSeconds(
              TimeUnits.seconds(count, unit), TimeUnits.nanosOfSecond(count, unit));
        default:
          return LocalDate.ofEpochDay(width == 4 ? count : Math.floorDiv(count, 86_400_000L));
      }
    }

    private long millis(long count, int row) {
      switch (unit) {
        case SECOND:
          return Math.multiplyExact(count, 1000L);
        case MILLISECOND:
          return count;
        case MICROSECOND:
          if (count % 1000 != 0) {
            throw lossy(count, row, "milliseconds");
          }
          return count / 1000;
        default:
          if (count % 1_000_000 != 0) {
            throw lossy(count, row, "milliseconds");
          }
          return count / 1_000_000;
      }
    }

    private ValueFitException lossy(long count, int row, String precision) {
      return new ValueFitException(
          "Arrow field '"
              + path
              + "' holds "
              + count
              + " "
              + unit
              + " at row "
              + row
              + ", finer than the "
              + precision
              + " its Beam type keeps; read it as MicrosInstant/NanosInstant/SqlTypes.DATETIME instead");
    }
  }
}
