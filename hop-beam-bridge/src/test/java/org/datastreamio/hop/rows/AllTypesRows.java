package org.datastreamio.hop.rows;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;
import org.apache.hop.core.row.RowMeta;
import org.apache.hop.core.row.value.ValueMetaBigNumber;
import org.apache.hop.core.row.value.ValueMetaBinary;
import org.apache.hop.core.row.value.ValueMetaBoolean;
import org.apache.hop.core.row.value.ValueMetaDate;
import org.apache.hop.core.row.value.ValueMetaInteger;
import org.apache.hop.core.row.value.ValueMetaInternetAddress;
import org.apache.hop.core.row.value.ValueMetaNumber;
import org.apache.hop.core.row.value.ValueMetaString;
import org.apache.hop.core.row.value.ValueMetaTimestamp;

/** Deterministic Hop rows with every Hop value type, edge values and nulls in every field. */
public final class AllTypesRows {
  private AllTypesRows() {}

  public static final int BIG_SCALE = 6;

  public static IRowMeta rowMeta() {
    RowMeta meta = new RowMeta();
    meta.addValueMeta(new ValueMetaInteger("id"));
    meta.addValueMeta(new ValueMetaString("name"));
    meta.addValueMeta(new ValueMetaNumber("amount"));
    ValueMetaBigNumber big = new ValueMetaBigNumber("price");
    big.setLength(30, BIG_SCALE);
    meta.addValueMeta(big);
    meta.addValueMeta(new ValueMetaDate("created"));
    meta.addValueMeta(new ValueMetaTimestamp("updated"));
    meta.addValueMeta(new ValueMetaBoolean("active"));
    meta.addValueMeta(new ValueMetaBinary("payload"));
    meta.addValueMeta(new ValueMetaInternetAddress("address"));
    return meta;
  }

  /** Row {@code k}: field j is null when (k + j) % 13 == 0, except the id. */
  public static Object[] row(long k) {
    Object[] r = new Object[9];
    r[0] = k;
    r[1] =
        switch ((int) (k % 5)) {
          case 0 -> "";
          case 1 -> "héllo wörld ✓ " + k;
          case 2 -> "line\nbreak\t" + k;
          default -> "name-" + k;
        };
    r[2] =
        switch ((int) (k % 7)) {
          case 0 -> -0.0d;
          case 1 -> Double.MAX_VALUE;
          case 2 -> Double.NaN;
          case 3 -> Double.NEGATIVE_INFINITY;
          default -> k * 1.25d - 1e6;
        };
    r[3] =
        k % 3 == 0
            ? new BigDecimal("-12345678901234567890123.123456")
            : BigDecimal.valueOf(k * 7919L, 3).setScale(BIG_SCALE);
    r[4] = new Date(-86_400_000L * 365 * 40 + k * 3_600_123L);
    Timestamp ts = new Timestamp((k % 2 == 0 ? -1 : 1) * 1_000L * (1_000_000L + k));
    ts.setNanos((int) ((k * 123_456_789L) % 1_000_000_000L));
    r[5] = ts;
    r[6] = k % 2 == 0;
    r[7] = k % 4 == 0 ? new byte[0] : ("bin" + k).getBytes(StandardCharsets.UTF_8);
    try {
      r[8] =
          k % 2 == 0
              ? InetAddress.getByAddress(
                  new byte[] {10, (byte) (k >> 16), (byte) (k >> 8), (byte) k})
              : InetAddress.getByName("2001:db8::" + Long.toHexString(k % 65536));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    for (int j = 1; j < r.length; j++) {
      if ((k + j) % 13 == 0) {
        r[j] = null;
      }
    }
    return r;
  }

  public static List<Object[]> rows(long count) {
    List<Object[]> out = new ArrayList<>();
    for (long k = 0; k < count; k++) {
      out.add(row(k));
    }
    return out;
  }

  /**
   * One comparable string per row that tells every value and type apart (byte[] by content, nanos,
   * ...).
   */
  public static String canonical(Object[] row, int fields) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < fields; j++) {
      Object v = j < row.length ? row[j] : null;
      sb.append(j).append('=');
      if (v == null) {
        sb.append("<null>");
      } else if (v instanceof byte[]) {
        sb.append("bytes:").append(HexFormat.of().formatHex((byte[]) v));
      } else if (v instanceof BigDecimal) {
        sb.append("dec:").append(((BigDecimal) v).setScale(BIG_SCALE).toPlainString());
      } else if (v instanceof Timestamp) {
        Timestamp t = (Timestamp) v;
        sb.append("ts:").append(t.getTime()).append('.').append(t.getNanos());
      } else if (v instanceof Date) {
        sb.append("date:").append(((Date) v).getTime());
      } else if (v instanceof Double) {
        sb.append("dbl:").append(Double.doubleToLongBits((Double) v));
      } else if (v instanceof InetAddress) {
        sb.append("inet:").append(((InetAddress) v).getHostAddress());
      } else {
        sb.append(v.getClass().getSimpleName()).append(':').append(v);
      }
      sb.append('|');
    }
    return sb.toString();
  }

  /** The multiset of canonical rows, as value -> count. */
  public static TreeMap<String, Integer> multiset(Collection<Object[]> rows, int fields) {
    TreeMap<String, Integer> out = new TreeMap<>();
    for (Object[] r : rows) {
      out.merge(canonical(r, fields), 1, Integer::sum);
    }
    return out;
  }

  static IValueMeta field(String name) {
    return rowMeta().searchValueMeta(name);
  }
}
