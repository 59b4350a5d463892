package org.datastreamio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.datastreamio.flight.FlightProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code datastream ttl NAME DURATION}: how long a stream lives after its last write. */
@Command(
    name = "ttl",
    mixinStandardHelpOptions = true,
    header = "Sets how long a stream of a running server lives.",
    description = {
      "Sets how long a stream of a running DataStream Flight server lives after its last write; then it",
      "is dropped. Overrides the server's --ttl for this stream; 'never' keeps it until dropped."
    })
final class TtlCommand implements Callable<Integer> {
  @Mixin ServerOps ops;

  @Parameters(index = "0", paramLabel = "NAME", description = "The stream.")
  String name;

  @Parameters(
      index = "1",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "e.g. 90s, 30m, 12h, 7d, or never.")
  Duration ttl;

  @Override
  public Integer call() throws Exception {
    JsonNode answer =
        ops.action(
            FlightProtocol.TTL,
            new String(
                FlightProtocol.toJson(Map.of("stream", name, "ttlSeconds", ttl.toSeconds())),
                StandardCharsets.UTF_8));
    System.out.println(
        "Stream '"
            + name
            + "' "
            + (answer.hasNonNull("expiresAtMillis")
                ? "expires at " + Instant.ofEpochMilli(answer.get("expiresAtMillis").asLong())
                : "never expires"));
    return 0;
  }
}
