package org.datastreamio.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Prints the bench's table and writes its JSON: one object per contender, keyed by its name. */
final class BenchReport {
  private BenchReport() {}

  static void printTable(List<BenchResult> results, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%-22s %14s %10s %10s %10s %9s %7s %6s %8s  %s%n",
        "contender",
        "rows/s",
        "MB/s",
        "peak MB",
        "Arrow MB",
        "seconds",
        "CPU s",
        "GC s",
        "x floor",
        "by round");
    for (BenchResult r : results) {
      out.printf(
          Locale.ROOT,
          "%-22s %,14.0f %10.1f %10.0f %10.1f %9.2f %7.2f %6s %8s  %s%n",
          r.name,
          r.rowsPerSecond(),
          r.mbPerSecond(),
          r.peakMb,
          r.arrowPeakMb,
          r.seconds,
          r.cpuSeconds,
          gcText(r),
          timesFloorText(r, results),
          byRoundText(r, results));
    }
  }

  /** Markdown of the same table, for docs/performance.md. */
  static void printMarkdown(List<BenchResult> results, PrintStream out) {
    out.println(
        "| contender | rows/s | MB/s | peak MB | Arrow MB | seconds | CPU s | GC s | x floor | by round |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (BenchResult r : results) {
      out.printf(
          Locale.ROOT,
          "| `%s` | %,.0f | %.1f | %.0f | %.1f | %.2f | %.2f | %s | %s | %s |%n",
          r.name,
          r.rowsPerSecond(),
          r.mbPerSecond(),
          r.peakMb,
          r.arrowPeakMb,
          r.seconds,
          r.cpuSeconds,
          gcText(r),
          timesFloorText(r, results),
          byRoundText(r, results));
    }
  }

  private static String gcText(BenchResult r) {
    return Double.isNaN(r.gcSeconds) ? "-" : String.format(Locale.ROOT, "%.2f", r.gcSeconds);
  }

  /**
   * A DataStreamIO contender's seconds over its floor's (the same pipelines without the IO: {@code
   * beam_floor_rows} for the Rows contenders, {@code beam_floor_batches} for the columnar ones), or
   * NaN for the other contenders, the floors themselves, or a run without the floor.
   */
  static double timesFloor(BenchResult r, List<BenchResult> results) {
    BenchResult floor = floorResult(r, results);
    return floor == null ? Double.NaN : r.seconds / floor.seconds;
  }

  /**
   * The same multiple round by round: each round's seconds over the floor's in that round. A
   * contender and its floor run minutes apart at most within a round, so these show how far the
   * machine moved the multiple between rounds, which the best-of-rounds figure hides. Empty where
   * {@link #timesFloor} is NaN.
   */
  static double[] timesFloorByRound(BenchResult r, List<BenchResult> results) {
    BenchResult floor = floorResult(r, results);
    if (floor == null) {
      return new double[0];
    }
    int n = Math.min(r.roundSeconds.size(), floor.roundSeconds.size());
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.roundSeconds.get(i) / floor.roundSeconds.get(i);
    }
    return x;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  private static @Nullable BenchResult floorResult(BenchResult r, List<BenchResult> results) {
    String floorName = floorOf(r.name);
    if (floorName == null) {
      return null;
    }
    for (BenchResult floor : results) {
      if (floor.name.equals(floorName)) {
        return floor;
      }
    }
    return null;
  }

  /** The floor a contender is measured against, or null for one without (raw, pyarrow, floors). */
  static String floorOf(String contender) {
    if (contender.equals(BeamFloorRows.NAME) || contender.equals(BeamFloorBatches.NAME)) {
      return null;
    }
    if (contender.endsWith("_rows")) {
      return BeamFloorRows.NAME;
    }
    if (contender.startsWith("dsio_") && contender.endsWith("_batches")) {
      return BeamFloorBatches.NAME;
    }
    return null;
  }

  private static String timesFloorText(BenchResult r, List<BenchResult> results) {
    double x = timesFloor(r, results);
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2fx", x);
  }

  /** "median (lowest-highest)" of the multiples by round; "-" without a floor or with one round. */
  private static String byRoundText(BenchResult r, List<BenchResult> results) {
    double[] x = timesFloorByRound(r, results);
    if (x.length < 2) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%.2fx (%.2f-%.2f)",
        median(x),
        Arrays.stream(x).min().getAsDouble(),
        Arrays.stream(x).max().getAsDouble());
  }

  static ObjectNode json(List<BenchResult> results, ObjectNode meta) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    for (BenchResult r : results) {
      ObjectNode n = root.putObject(r.name);
      n.put("rows_per_s", Math.round(r.rowsPerSecond()));
      n.put("mb_per_s", round(r.mbPerSecond()));
      n.put("peak_mb", round(r.peakMb));
      n.put("arrow_peak_mb", round(r.arrowPeakMb));
      n.put("seconds", round(r.seconds));
      n.put("cpu_seconds", Math.round(r.cpuSeconds * 1000) / 1000.0);
      if (!Double.isNaN(r.gcSeconds)) {
        n.put("gc_seconds", Math.round(r.gcSeconds * 1000) / 1000.0);
      }
      ArrayNode rounds = n.putArray("round_seconds");
      r.roundSeconds.forEach(seconds -> rounds.add(Math.round(seconds * 1000) / 1000.0));
      n.put("rows", r.rows);
      n.put("payload_mb", round(r.payloadMb));
      double x = timesFloor(r, results);
      if (!Double.isNaN(x)) {
        n.put("x_floor", round(x));
        double[] byRound = timesFloorByRound(r, results);
        ArrayNode xs = n.putArray("x_floor_rounds");
        Arrays.stream(byRound).forEach(v -> xs.add(round(v)));
        n.put("x_floor_median", round(median(byRound)));
      }
    }
    root.set("_run", meta);
    return root;
  }

  static void writeJson(ObjectNode json, Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), json);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
