package org.datastreamio.hop.beam;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.SchemaConverter;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.hop.rows.HopType;

/**
 * Hop row layout to Beam schema, and Hop rows (normal storage) to Beam Rows and back. The Beam
 * schema is the one datastream-io gives the Arrow schema Hop writes, so a Hop pipeline and a Beam
 * pipeline agree on a stream field by field without a second mapping table.
 */
public final class HopBeamRows {
  private HopBeamRows() {}

  public static Schema beamSchema(HopRowLayout layout) {
    return SchemaConverter.toBeam(layout.arrowSchema());
  }

  /**
   * Fails naming the field when a value does not fit (a BigNumber with more decimals than its
   * scale).
   */
  public static Row toBeamRow(Object[] hopRow, HopRowLayout layout, Schema schema) {
    Object[] values = new Object[layout.size()];
    for (int i = 0; i < values.length; i++) {
      Object value = i < hopRow.length ? hopRow[i] : null;
      if (value != null) {
        values[i] = toBeamValue(layout, i, value);
      }
    }
    return Row.withSchema(schema).addValues(values).build();
  }

  private static Object toBeamValue(HopRowLayout layout, int i, Object value) {
    switch (layout.type(i)) {
      case BIGNUMBER:
        try {
          return ((BigDecimal) value).setScale(layout.decimalScale(i), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException(
              "Field '"
                  + layout.name(i)
                  + "': "
                  + value
                  + " has more than "
                  + layout.decimalScale(i)
                  + " decimal places (its Hop precision)");
        }
      case DATE:
        return new org.joda.time.Instant(((Date) value).getTime());
      case TIMESTAMP:
        Date d = (Date) value;
        if (d instanceof Timestamp) {
          return Instant.ofEpochSecond(
              Math.floorDiv(d.getTime(), 1000L), ((Timestamp) d).getNanos());
        }
        return Instant.ofEpochMilli(d.getTime());
      case INTERNET_ADDRESS:
        return ((InetAddress) value).getHostAddress();
      default:
        return value;
    }
  }

  public static Object[] toHopRow(Row row, HopRowLayout layout) {
    Object[] out = new Object[layout.size()];
    for (int i = 0; i < out.length; i++) {
      Object value = row.getValue(layout.name(i));
      if (value == null) {
        continue;
      }
      try {
        out[i] = toHopValue(layout.type(i), value);
      } catch (Exception e) {
        throw new IllegalArgumentException(
            "Field '"
                + layout.name(i)
                + "': cannot turn Beam value "
                + value.getClass().getSimpleName()
                + " into Hop "
                + layout.type(i).hopTypeName()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return out;
  }

  private static Object toHopValue(HopType type, Object value) throws Exception {
    switch (type) {
      case INTEGER:
        return ((Number) value).longValue();
      case NUMBER:
        return ((Number) value).doubleValue();
      case DATE:
        return new Date(epochMillis(value));
      case TIMESTAMP:
        if (value instanceof Instant) {
          Instant instant = (Instant) value;
          Timestamp ts = new Timestamp(instant.getEpochSecond() * 1000L);
          ts.setNanos(instant.getNano());
          return ts;
        }
        return new Timestamp(epochMillis(value));
      case INTERNET_ADDRESS:
        return InetAddress.getByName(value.toString());
      case STRING:
        return value.toString();
      default:
        return value;
    }
  }

  private static long epochMillis(Object value) {
    if (value instanceof org.joda.time.ReadableInstant) {
      return ((org.joda.time.ReadableInstant) value).getMillis();
    }
    if (value instanceof Instant) {
      return ((Instant) value).toEpochMilli();
    }
    throw new IllegalArgumentException("not a date/time: " + value);
  }
}
