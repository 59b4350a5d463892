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

  /** What the value is; each kind is one Beam type's Java class. */
  enum Kind {
    /** DATETIME: Joda ReadableInstant, milliseconds. */
    JODA_INSTANT,
    /** MicrosInstant, NanosInstant: java.time.Instant. */
    INSTANT,
    /** SqlTypes.DATETIME: LocalDateTime, read as UTC. */
    LOCAL_DATE_TIME,
    /** SqlTypes.TIME: LocalTime. */
    LOCAL_TIME,
    /** NanosDuration: java.time.Duration. */
    DURATION
  }

  /** Stores the exact count of the vector's time unit into a 4 or 8 byte vector. */
  static final class Counts extends FieldWriter {
    private final BaseFixedWidthVector v;
    private final int width;
    private final TimeUnit unit;
    private final Kind kind;

    Counts(String path, FieldType type, BaseFixedWidthVector v, TimeUnit unit, Kind kind) {
      super(path, type, v);
      this.v = v;
      this.width = v.getTypeWidth();
      this.unit = unit;
      this.kind = kind;
    }

    @Override
    int writeValue(int index, Object value) {
      long seconds;
      int nanos;
      switch (kind) {
        case JODA_INSTANT:
          {
            long millis = ((ReadableInstant) value).getMillis();
            seconds = Math.floorDiv(millis, 1000L);
            nanos = (int) Math.floorMod(millis, 1000L) * 1_000_000;
            break;
          }
        case INSTANT:
          {
            Instant instant = (Instant) value;
            seconds = instant.getEpochSecond();
            nanos = instant.getNano();
            break;
          }
        case LOCAL_DATE_TIME:
          {
            LocalDateTime t = (LocalDateTime) value;
            seconds = t.toEpochSecond(ZoneOffset.UTC);
            nanos = t.getNano();
            break;
          }
        case LOCAL_TIME:
          {
            LocalTime t = (LocalTime) value;
            seconds = t.toSecondOfDay();
            nanos = t.getNano();
            break;
          }
        default:
          {
            Duration d = (Duration) value;
            seconds = d.getSeconds();
            nanos = d.getNano();
          }
      }
      long count;
      try {
        count = TimeUnits.toUnit(seconds, nanos, unit);
      } catch (ArithmeticException e) {
        throw misfit(
            value,
            "it does not fit a count of " + unit + " in this field (" + e.getMessage() + ")");
      }
      if (width == 4 && count != (int) count) {
        throw misfit(value, "it does not fit 32 bits of " + unit);
      }
      FixedWidth.setSafe(v, width, index, count);
      return width;
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
