package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: output, exit codes, one-line errors. */
@ExtendWith(ArrowLeakCheck.class)
class CommandsTest {
  @TempDir Path dir;

  /** Runs a command line, capturing stdout and stderr. */
  static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(String... args) {
      PrintStream oldOut = System.out;
      PrintStream oldErr = System.err;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        exit = DataStreamCli.execute(args);
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }
      this.out = out.toString(StandardCharsets.UTF_8);
      this.err = err.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void demoMovesRowsThroughFlightAndChecksThem() {
    Run run = new Run("demo", "--rows", "30000", "--parallelism", "2");
    assertEquals(0, run.exit, run.out + run.err);
    assertTrue(run.out.contains("30,000 rows"), run.out);
    assertTrue(run.out.contains("every row arrived exactly once"), run.out);
    assertTrue(run.out.matches("(?s).*write  : 30,000 rows, [0-9.]+ MB in [0-9.]+ s.*"), run.out);
    assertTrue(run.out.matches("(?s).*read   : 30,000 rows, [0-9.]+ MB in [0-9.]+ s.*"), run.out);
    assertTrue(
        run.out.matches("(?s).*columnar write : 30,000 rows, [0-9.]+ MB in [0-9.]+ s.*"), run.out);
    assertTrue(
        run.out.matches("(?s).*columnar read  : 30,000 rows, [0-9.]+ MB in [0-9.]+ s.*"), run.out);
    assertEquals(
        2,
        run.out.split("x the runner's floor", -1).length - 1,
        "one floor ratio per Rows leg: " + run.out);
  }

  @Test
  void generateThenCatAsJsonCsvAndTable() throws Exception {
    String uri = "file://" + dir + "/orders";
    Run generate =
        new Run("generate", "--rows", "1000", "--to", uri + "?batchRows=100", "--parallelism", "2");
    assertEquals(0, generate.exit, generate.err);
    assertTrue(generate.out.contains("wrote 1,000 rows"), generate.out);

    Run json = new Run("cat", "--from", uri, "--format", "json");
    assertEquals(0, json.exit, json.err);
    List<String> lines = json.out.lines().collect(Collectors.toList());
    assertEquals(1000, lines.size());
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    boolean[] seen = new boolean[1000];
    for (String line : lines) {
      JsonNode row = mapper.readTree(line);
      int id = row.get("id").asInt();
      seen[id] = true;
      assertEquals("customer-" + id, row.get("customer").asText());
      assertTrue(
          line.contains("\"price\":" + String.format("%d.%02d", id / 100, id % 100) + ","), line);
      assertEquals(id % 7 == 0, row.get("note").isNull(), line);
      assertEquals("city-" + (id % 97), row.get("address").get("city").asText());
    }
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen[i], "row " + i + " missing from cat");
    }

    Run csv = new Run("cat", "--from", uri, "--format", "csv");
    assertEquals(0, csv.exit, csv.err);
    List<String> csvLines = csv.out.lines().collect(Collectors.toList());
    assertEquals("id,customer,amount,price,ts,paid,tags,address,note", csvLines.get(0));
    Set<Integer> csvIds = new TreeSet<>();
    for (String line : csvLines.subList(1, csvLines.size())) {
      List<String> cells = csvCells(line);
      int id = Integer.parseInt(cells.get(0));
      assertTrue(csvIds.add(id), "id " + id + " twice in the CSV");
      assertEquals(cells(id), cells, "CSV line: " + line);
    }
    assertEquals(1000, csvIds.size(), "rows in the CSV");
    assertEquals(999, ((TreeSet<Integer>) csvIds).last());

    // Eight rows: consecutive ids, so one of them has a null note.
    Run table = new Run("cat", "--from", uri, "--limit", "8");
    assertEquals(0, table.exit, table.err);
    List<String> tableLines = table.out.lines().collect(Collectors.toList());
    assertEquals(10, tableLines.size(), table.out);
    assertEquals(
        List.of("id", "customer", "amount", "price", "ts", "paid", "tags", "address", "note"),
        tableCells(tableLines.get(0)),
        table.out);
    for (String line : tableLines.subList(2, 10)) {
      List<String> cells = tableCells(line);
      List<String> want = new ArrayList<>();
      for (String c : cells(Integer.parseInt(cells.get(0)))) {
        // Long cells are cut to 48 characters, the last one an ellipsis; a null prints as null.
        want.add(c.isEmpty() ? "null" : c.length() > 48 ? c.substring(0, 47) + "…" : c);
      }
      assertEquals(want, cells, "table line: " + line);
    }
    assertTrue(table.err.contains("(8 rows)"), table.err);
  }

  /** The cells cat prints for row {@code i} of the generated data, from {@link DemoRows#row}. */
  private static List<String> cells(long i) {
    Row row = DemoRows.row(i);
    Row address = row.getRow("address");
    return List.of(
        String.valueOf(i),
        "customer-" + (i % 10007),
        String.valueOf((i % 100000) / 100.0),
        BigDecimal.valueOf(i % 1_000_000, 2).toPlainString(),
        String.valueOf((Object) row.getValue("ts")),
        String.valueOf(i % 3 != 0),
        String.valueOf((Object) row.getArray("tags")),
        "{city=" + address.getString("city") + ", zip=" + address.getInt32("zip") + "}",
        i % 7 == 0 ? "" : "note " + i);
  }

  /** A CSV line's cells: quoted cells may hold commas, {@code ""} is a quote. */
  private static List<String> csvCells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  /** A table line's cells, without their padding. */
  private static List<String> tableCells(String line) {
    List<String> cells = new ArrayList<>();
    for (String c : line.split(" \\| ", -1)) {
      cells.add(c.strip());
    }
    return cells;
  }

  @Test
  void errorsAreOneLineWithANonZeroExit() throws Exception {
    Run missing =
        new Run("copy", "--from", "file://" + dir + "/nothing", "--to", "file://" + dir + "/out");
    assertEquals(1, missing.exit);
    String first = missing.err.lines().findFirst().orElse("");
    assertTrue(
        first.startsWith("datastream copy: error: ") && first.contains(dir + "/nothing"),
        missing.err);

    Files.writeString(dir.resolve("notes.txt"), "hello");
    Run notArrow = new Run("cat", "--from", "file://" + dir + "/notes.txt");
    assertEquals(1, notArrow.exit);
    assertTrue(
        notArrow.err.contains("notes.txt") && notArrow.err.contains("not Arrow IPC"), notArrow.err);

    Run badParam = new Run("generate", "--rows", "1", "--to", "file://" + dir + "/x?bogus=1");
    assertEquals(1, badParam.exit);
    assertTrue(badParam.err.contains("Unknown parameter 'bogus'"), badParam.err);

    Run badRunner =
        new Run(
            "generate", "--rows", "1", "--to", "file://" + dir + "/y", "--runner", "NoSuchRunner");
    assertEquals(1, badRunner.exit);
    assertTrue(badRunner.err.contains("NoSuchRunner"), badRunner.err);

    Run usage = new Run("copy", "--from", "file:///x");
    assertEquals(2, usage.exit, "picocli's usage error code");
    assertTrue(usage.err.contains("--to"), usage.err);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        List.of("demo", "generate", "copy", "cat", "serve", "ls", "stats", "ttl", "drop")) {
      Run help = new Run(command, "--help");
      assertEquals(0, help.exit, command);
      assertTrue(help.out.contains("Usage: datastream " + command), help.out);
    }
    Run top = new Run("--help");
    assertEquals(0, top.exit);
    assertTrue(
        top.out.contains("demo") && top.out.contains("serve") && top.out.contains("copy"), top.out);
  }

  /**
   * The top-level --help lists each command with a whole sentence, not the first line of a longer
   * text.
   */
  @Test
  void topLevelHelpSummariesAreWholeSentences() {
    String out = new Run("--help").out;
    String commands = out.substring(out.indexOf("Commands:"));
    int listed = 0;
    for (String line : commands.split("\n")) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^  (\\w+)\\s+(\\S.*)$").matcher(line);
      if (m.matches() && !m.group(1).equals("help")) {
        listed++;
        assertTrue(
            m.group(2).endsWith("."),
            "summary of " + m.group(1) + " is cut: " + m.group(2) + "\n" + out);
      }
    }
    assertEquals(10, listed, out);
  }
}
