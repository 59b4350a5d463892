package org.datastreamio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.datastreamio.flight.FlightProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code datastream drop NAME}: removes a stream from a running server. */
@Command(
    name = "drop",
    mixinStandardHelpOptions = true,
    header = "Removes a stream from a running Flight server.",
    description = {
      "Removes a stream from a running DataStream Flight server and frees its memory and files.",
      "Reads of it that are running end with an error saying it was dropped."
    })
final class DropCommand implements Callable<Integer> {
  @Mixin ServerOps ops;

  @Parameters(paramLabel = "NAME", description = "The stream to drop.")
  String name;

  @Override
  public Integer call() throws Exception {
    JsonNode answer = ops.action(FlightProtocol.DROP, name);
    if (!answer.path("dropped").asBoolean()) {
      System.err.println(
          "datastream drop: there is no stream '"
              + name
              + "' on "
              + ops.server
              + " (datastream ls --server "
              + ops.server
              + " lists them)");
      return 1;
    }
    System.out.println("Dropped stream '" + name + "'");
    return 0;
  }
}
