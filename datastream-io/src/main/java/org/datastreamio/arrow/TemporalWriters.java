package org.datastreamio.arrow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.joda.time.ReadableInstant;

/**
 * Writers for timestamps, dates, times and durations. Each turns its value into (seconds, nanos)
 * and stores the exact count of the vector's unit; finer fractions or overflow fail.
 */
final class TemporalWriters {
  private TemporalWriters() {}

  /** Stores counts of one time unit into a 4 or 8 byte vector. */
  abstract static class UnitWriter extends FieldWriter {
    private final BaseFixedWidthVector v;
    private final int width;
    private final TimeUnit unit;

    UnitWriter(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit) {
      super(path, type, v);
      this.v = v;
      this.width = v.getTypeWidth();
      this.unit = unit;
    }

    final int store(int index, long seconds, int nanos, Object value) {
      long count;
      try {
        count = TimeUnits.toUnit(seconds, nanos, unit);
      } catch (ArithmeticException e) {
        throw misfit(value, "it does not fit a count of " + unit + " in this field (" + e.getMessage() + ")");
      }
      if (width == 4 && count != (int) count) {
        throw misfit(value, "it does not fit 32 bits of " + unit);
      }
      FixedWidth.setSafe(v, width, index, count);
      return width;
    }
  }

  /** DATETIME (Joda, millisecond) into a timestamp. */
  static final class JodaTimestamp extends UnitWriter {
    JodaTimestamp(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit) {
      super(path, type, v, unit);
    }

    @Override
    int writeValue(int index, Object value) {
      long millis = ((ReadableInstant) value).getMillis();
      return store(index, Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000, value);
    }
  }

  /** MicrosInstant and NanosInstant (java.time.Instant) into a timestamp. */
  static final class InstantTimestamp extends UnitWriter {
    InstantTimestamp(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit) {
      super(path, type, v, unit);
    }

    @Override
    int writeValue(int index, Object value) {
      Instant instant = (Instant) value;
      return store(index, instant.getEpochSecond(), instant.getNano(), value);
    }
  }

  /** SqlTypes.DATETIME (LocalDateTime) into a timestamp without time zone. */
  static final class LocalTimestamp extends UnitWriter {
    LocalTimestamp(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit) {
      super(path, type, v, unit);
    }

    @Override
    int writeValue(int index, Object value) {
      LocalDateTime t = (LocalDateTime) value;
      return store(index, t.toEpochSecond(ZoneOffset.UTC), t.getNano(), value);
    }
  }

  /** SqlTypes.TIME (LocalTime) into time32/time64. */
  static final class Time extends UnitWriter {
    Time(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit) {
      super(path, type, v, unit);
    }

    @Override
    int writeValue(int index, Object value) {
      LocalTime t = (LocalTime) value;
      return store(index, t.toSecondOfDay(), t.getNano(), value);
    }
  }

  /** NanosDuration (java.time.Duration) into a duration. */
  static final class Elapsed extends UnitWriter {
    Elapsed(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit) {
      super(path, type, v, unit);
    }

    @Override
    int writeValue(int index, Object value) {
      Duration d = (Duration) value;
      return store(index, d.getSeconds(), d.getNano(), value);
    }
  }

  /** SqlTypes.DATE (LocalDate) into date32 (days) or date64 (milliseconds). */
  static final class Date extends FieldWriter {
    private final BaseFixedWidthVector v;
    private final int width;

    Date(String path, FieldType type, BaseFixedWidthVector v) {
      super(path, type, v);
      this.v = v;
      this.width = v.getTypeWidth();
    }

    @Override
    int writeValue(int index, Object value) {
      long days = ((LocalDate) value).toEpochDay();
      if (width == 4) {
        if (days != (int) days) {
          throw misfit(value, "date32 holds days that fit 32 bits");
        }
        FixedWidth.setSafe(v, 4, index, days);
      } else {
        FixedWidth.setSafe(v, 8, index, days * 86_400_000L);
      }
      return width;
    }
  }
}
