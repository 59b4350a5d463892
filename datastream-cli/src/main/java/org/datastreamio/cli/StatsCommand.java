package org.datastreamio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.datastreamio.flight.FlightProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code datastream stats}: what a running server holds and does. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    header = "Shows the memory, files and calls of a running server.",
    description =
        "Shows a running DataStream Flight server's memory, files, connections and calls in flight.")
final class StatsCommand implements Callable<Integer> {
  @Mixin ServerOps ops;

  @Option(names = "--json", description = "Print the server's answer as JSON (streams included).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode s = ops.action(FlightProtocol.STATS, "");
    if (json) {
      System.out.println(s);
      return 0;
    }
    long rows = 0;
    long parts = 0;
    for (JsonNode stream : s.path("streams")) {
      rows += stream.path("rows").asLong();
      parts += stream.path("parts").asLong();
    }
    long limit = s.path("memoryLimitBytes").asLong();
    line("server", ops.server + (s.path("durable").asBoolean() ? " (durable)" : " (in memory)"));
    line("streams", s.path("streams").size() + " (" + parts + " parts, " + rows + " rows)");
    line(
        "memory in use",
        ServerOps.bytes(s.path("memoryInUseBytes").asLong())
            + " of "
            + (limit == Long.MAX_VALUE ? "no cap" : ServerOps.bytes(limit) + " cap"));
    line("durable bytes", ServerOps.bytes(s.path("durableBytes").asLong()));
    line("spilled bytes", ServerOps.bytes(s.path("spilledBytes").asLong()));
    line("staged bytes", ServerOps.bytes(s.path("stagedFileBytes").asLong()));
    line("connections", s.path("connections").asText());
    line("puts in flight", s.path("putsInFlight").asText());
    line("gets in flight", s.path("getsInFlight").asText());
    return 0;
  }

  private static void line(String label, String value) {
    System.out.printf("%-15s %s%n", label + ":", value);
  }
}
