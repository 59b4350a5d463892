package org.datastreamio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.datastreamio.flight.FlightProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code datastream ls}: the streams a running DataStream Flight server holds. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    header = "Lists the streams of a running Flight server.",
    description =
        "Lists the streams of a running DataStream Flight server: rows, bytes, parts, age and expiry.")
final class LsCommand implements Callable<Integer> {
  @Mixin ServerOps ops;

  @Option(names = "--json", description = "Print the server's answer as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode stats = ops.action(FlightProtocol.STATS, "");
    if (json) {
      System.out.println(stats.get("streams"));
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "ROWS", "BYTES", "PARTS", "AGE", "EXPIRES IN"});
    for (JsonNode s : stats.path("streams")) {
      rows.add(
          new String[] {
            s.path("name").asText(),
            Long.toString(s.path("rows").asLong()),
            ServerOps.bytes(s.path("bytes").asLong()),
            Long.toString(s.path("parts").asLong()),
            ServerOps.duration(s.path("ageSeconds").asLong()),
            s.hasNonNull("expiresInSeconds")
                ? ServerOps.duration(s.get("expiresInSeconds").asLong())
                : "never"
          });
    }
    if (rows.size() == 1) {
      System.err.println("(no streams on " + ops.server + ")");
      return 0;
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        widths[c] = Math.max(widths[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < r.length; c++) {
        String cell =
            c == 0
                ? String.format("%-" + widths[c] + "s", r[c])
                : String.format("%" + widths[c] + "s", r[c]);
        sb.append(c == 0 ? "" : "  ").append(cell);
      }
      System.out.println(sb.toString().stripTrailing());
    }
    return 0;
  }
}
