package org.datastreamio.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.datastreamio.cli.DataStreamCli;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench as a user runs it, tiny: every selected contender must move every row (the bench fails
 * otherwise) and appear in the JSON with positive figures. Checks the bench's correctness, never
 * its timings.
 */
@ExtendWith(ArrowLeakCheck.class)
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void tinyRunReportsEverySelectedContenderWithPositiveFigures() throws Exception {
    List<String> names = new ArrayList<>(Contenders.all().keySet());
    if (!new PyArrowFlight().unavailable().isEmpty()
        && !"1".equals(System.getenv("DATASTREAM_REQUIRE_PYARROW"))) {
      names.remove("pyarrow_flight"); // the one contender that needs Python; required on CI
    }
    Path json = dir.resolve("bench.json");
    Path chart = dir.resolve("bench.png");
    String[] out =
        run(
            "bench",
            "--rows",
            "2000",
            "--batch-rows",
            "500",
            "--parallelism",
            "2",
            "--repeat",
            "2",
            "--only",
            String.join(",", names),
            "--json",
            json.toString(),
            "--chart",
            chart.toString(),
            "--work-dir",
            dir.resolve("work").toString());
    assertEquals("0", out[0], out[1] + out[2]);

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    Set<String> reported = new TreeSet<>();
    root.fieldNames()
        .forEachRemaining(
            n -> {
              if (!n.startsWith("_")) {
                reported.add(n);
              }
            });
    assertEquals(new TreeSet<>(names), reported);
    for (String name : names) {
      JsonNode n = root.get(name);
      for (String field : List.of("rows_per_s", "mb_per_s", "peak_mb")) {
        assertTrue(n.get(field).asDouble() > 0, name + "." + field + " = " + n.get(field));
      }
      assertEquals(2000, n.get("rows").asLong(), name);
      // CPU time can round to 0 for the fastest contenders at 2,000 rows, but never be missing or
      // negative.
      assertTrue(
          n.has("cpu_seconds") && n.get("cpu_seconds").asDouble() >= 0,
          name + ".cpu_seconds = " + n.get("cpu_seconds"));
      // GC time is this JVM's: a contender in another process has none to report. In this JVM
      // the collections counted fall within the measured time (one that began just before the
      // clock is counted whole, hence the margin).
      if (name.equals("pyarrow_flight")) {
        assertFalse(n.has("gc_seconds"), name + ".gc_seconds = " + n.get("gc_seconds"));
      } else {
        assertTrue(n.has("gc_seconds"), name + " has no gc_seconds");
        double gc = n.get("gc_seconds").asDouble();
        assertTrue(
            gc >= 0 && gc <= n.get("seconds").asDouble() + 0.05,
            name + ".gc_seconds = " + gc + " against seconds = " + n.get("seconds"));
      }
    }
    // DataStreamIO's contenders (and the Rows baselines) carry their multiple of the runner's floor
    // for the same pipelines; raw contenders and the floors themselves do not.
    for (String name : names) {
      String floorName = expectedFloor(name);
      assertEquals(floorName != null, root.get(name).has("x_floor"), name);
      if (floorName != null) {
        // The JSON's seconds are rounded to 0.01 s, x_floor is computed before rounding: it must
        // lie within what the rounded figures allow (wide when a 2,000-row floor takes 0.05 s).
        double seconds = root.get(name).get("seconds").asDouble();
        double floor = root.get(floorName).get("seconds").asDouble();
        double low = Math.max(0, seconds - 0.005) / (floor + 0.005);
        double high = (seconds + 0.005) / Math.max(floor - 0.005, 0.001);
        double x = root.get(name).get("x_floor").asDouble();
        assertTrue(
            x >= low - 0.01 && x <= high + 0.01,
            name
                + ".x_floor = "
                + x
                + " against "
                + floorName
                + ", not within "
                + low
                + ".."
                + high);
      }
    }
    assertEquals(2000, root.get("_run").get("rows").asLong());
    // --repeat 2: every contender lists both rounds' seconds, the best of which is its seconds; a
    // contender with a floor lists its multiple of the floor round by round, and their median.
    for (String name : names) {
      JsonNode n = root.get(name);
      List<Double> rounds = new ArrayList<>();
      n.get("round_seconds").forEach(v -> rounds.add(v.asDouble()));
      assertEquals(2, rounds.size(), name + ".round_seconds = " + rounds);
      assertEquals(
          n.get("seconds").asDouble(),
          Math.min(rounds.get(0), rounds.get(1)),
          0.006,
          name + ": seconds is not the best of " + rounds);
      String floorName = expectedFloor(name);
      assertEquals(floorName != null, n.has("x_floor_rounds"), name);
      if (floorName != null) {
        JsonNode floorRounds = root.get(floorName).get("round_seconds");
        JsonNode xs = n.get("x_floor_rounds");
        assertEquals(2, xs.size(), name + ".x_floor_rounds = " + xs);
        for (int i = 0; i < 2; i++) {
          double floor = floorRounds.get(i).asDouble();
          double expected = rounds.get(i) / floor;
          // Both seconds are rounded to 1 ms in the JSON, the multiple to 0.01.
          double slack = 0.011 + expected * 0.0015 / Math.max(floor, 0.001);
          assertEquals(expected, xs.get(i).asDouble(), slack, name + " round " + (i + 1));
        }
        double median = (xs.get(0).asDouble() + xs.get(1).asDouble()) / 2;
        assertEquals(median, n.get("x_floor_median").asDouble(), 0.011, name);
      }
    }
    assertTrue(out[1].contains("by round"), "table lacks its by-round column:\n" + out[1]);
    assertTrue(
        out[1]
            .lines()
            .anyMatch(l -> l.startsWith("dsio_file_rows") && l.matches(".*x \\(.*-.*\\)$")),
        "dsio_file_rows has no 'median (lowest-highest)' by round:\n" + out[1]);
    for (String name : names) {
      assertTrue(out[1].contains(name), "table lacks " + name + ":\n" + out[1]);
    }
    assertTrue(out[1].contains("GC s"), "table lacks its GC column:\n" + out[1]);

    BufferedImage png = ImageIO.read(chart.toFile());
    assertNotNull(png, "not a PNG: " + chart);
    assertTrue(
        png.getHeight() > 30 * names.size(), "one bar per contender: height " + png.getHeight());
  }

  /**
   * The floor a contender's multiple is taken against, written out here rather than taken from
   * {@link BenchReport#floorOf}, so that the test checks it: none for the floors themselves, raw
   * Arrow and pyarrow.
   */
  private static String expectedFloor(String name) {
    if (name.equals(BeamFloorRows.NAME) || name.equals(BeamFloorBatches.NAME)) {
      return null;
    }
    if (name.endsWith("_rows")) {
      return BeamFloorRows.NAME;
    }
    return name.startsWith("dsio_") ? BeamFloorBatches.NAME : null;
  }

  @Test
  void warmUpRoundsRunEveryContenderFirstAndDoNotCount() throws Exception {
    Path json = dir.resolve("warm.json");
    String[] out = runTwoContenders("--warmup", "2", "--repeat", "1", "--json", json.toString());
    for (String name : List.of("raw_ipc_socket", "dsio_file_batches")) {
      for (String round : List.of("warm-up 1 ", "warm-up 2 ", "round 1 ")) {
        assertEquals(
            1,
            out[2].lines().filter(l -> l.trim().startsWith(round.trim() + " " + name)).count(),
            "one '" + round + name + "' line in:\n" + out[2]);
      }
      assertEquals(2000, new ObjectMapper().readTree(json.toFile()).get(name).get("rows").asLong());
    }
    assertTrue(out[2].lines().noneMatch(l -> l.contains("round 2 ")), out[2]);
    JsonNode run = new ObjectMapper().readTree(json.toFile()).get("_run");
    assertEquals(2, run.get("warmup_rounds").asInt());
    assertEquals(1, run.get("rounds").asInt());
    assertTrue(out[1].contains("1 round(s) after 2 untimed"), out[1]);
  }

  @Test
  void everySecondRoundRunsTheContendersInReverse() throws Exception {
    String[] out = runTwoContenders("--warmup", "1", "--repeat", "3");
    List<String> order =
        out[2]
            .lines()
            .map(String::trim)
            .filter(l -> l.startsWith("warm-up ") || l.startsWith("round "))
            // Each round's line ends in its seconds and, for a contender in this JVM, its GC time.
            .map(l -> l.replaceAll("\\s+[0-9.]+ s \\(GC [0-9.]+ s\\)$", "").replaceAll("\\s+", " "))
            .collect(Collectors.toList());
    assertEquals(
        List.of(
            "warm-up 1 raw_ipc_socket",
            "warm-up 1 dsio_file_batches",
            "round 1 raw_ipc_socket",
            "round 1 dsio_file_batches",
            "round 2 dsio_file_batches",
            "round 2 raw_ipc_socket",
            "round 3 raw_ipc_socket",
            "round 3 dsio_file_batches"),
        order,
        out[2]);
    // The table keeps its own order whatever order the rounds ran in.
    assertTrue(out[1].indexOf("raw_ipc_socket") < out[1].indexOf("dsio_file_batches"), out[1]);
  }

  /**
   * The bench of two cheap contenders ({@code raw_ipc_socket}, {@code dsio_file_batches}) on 2,000
   * rows with {@code options} added; fails unless it exits 0. Exit code, stdout, stderr.
   */
  private String[] runTwoContenders(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "--rows",
                "2000",
                "--batch-rows",
                "500",
                "--only",
                "raw_ipc_socket,dsio_file_batches",
                "--work-dir",
                dir.resolve("work").toString()));
    args.addAll(List.of(options));
    String[] out = run(args.toArray(new String[0]));
    assertEquals("0", out[0], out[1] + out[2]);
    return out;
  }

  @Test
  void unknownContenderIsNamedWithTheKnownOnes() {
    String[] out = run("bench", "--rows", "10", "--only", "raw_flight,carrier_pigeon");
    assertEquals("1", out[0]);
    assertTrue(
        out[2].contains("no contender named 'carrier_pigeon'")
            && out[2].contains("dsio_flight_batches"),
        out[2]);
  }

  /** Exit code, stdout, stderr. */
  private static String[] run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = DataStreamCli.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new String[] {
      Integer.toString(exit),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }
}
