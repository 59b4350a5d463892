package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightProtocol;
import org.datastreamio.flight.FlightProtocol.CommitRequest;
import org.datastreamio.flight.FlightProtocol.PartTicket;
import org.datastreamio.flight.FlightProtocol.StagedPut;

/**
 * Property-based fuzzing of what the server parses from clients: tickets, action bodies and DoPut
 * command descriptors, as bytes of any shape and as JSON that is nearly right. Every answer is a
 * Flight status with a message (never INTERNAL or UNKNOWN, which would mean an exception we did not
 * expect), within a deadline (never a hang), and the server's stream and memory stay as they were.
 */
class FlightParseFuzzTest {
  private static final CallOption DEADLINE = CallOptions.timeout(10, TimeUnit.SECONDS);
  private static final Set<FlightStatusCode> CLEAR =
      Set.of(
          FlightStatusCode.INVALID_ARGUMENT,
          FlightStatusCode.NOT_FOUND,
          FlightStatusCode.UNIMPLEMENTED);

  /** Longer than any generated string, so no fuzzed drop, TTL or staged put reaches it by name. */
  private static final String BASE = "fuzz-base-stream";

  static BufferAllocator allocator;
  static DataStreamFlightServer server;
  static FlightClient client;
  static long baseBytes;

  @BeforeContainer
  static void start() throws IOException {
    allocator = ArrowMemory.newChild("flight-parse-fuzz");
    server = DataStreamFlightServer.builder().port(0).memoryLimit(16L << 20).start();
    client = FlightClient.builder(allocator, server.location()).build();
    DataStreamFlightServerTest.put(client, allocator, BASE, 0, 2);
    baseBytes = server.storeAllocatedBytes();
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      client.close();
    } finally {
      try {
        server.close();
      } finally {
        allocator.close();
      }
    }
  }

  @AfterProperty
  void serverIsAsItWas() {
    assertEquals(
        200L,
        client.getInfo(FlightDescriptor.path(BASE), DEADLINE).getRecords(),
        "base stream intact");
    assertEquals(baseBytes, server.storeAllocatedBytes(), "store memory as before");
  }

  @Property
  void anyTicketGetsAClearStatus(@ForAll("ticketLike") byte[] ticket) throws Exception {
    try (FlightStream s = client.getStream(new Ticket(ticket), DEADLINE)) {
      while (s.next()) {
        // a forged ticket naming the real part reads it: allowed, as any reader of the stream may
      }
    } catch (FlightRuntimeException e) {
      assertClear(e, new String(ticket, StandardCharsets.UTF_8));
    }
  }

  @Property
  void anyActionBodyGetsAnAnswerOrAClearStatus(
      @ForAll("actionType") String type, @ForAll("bodyLike") byte[] body) {
    try {
      client.doAction(new Action(type, body), DEADLINE).forEachRemaining(r -> {});
    } catch (FlightRuntimeException e) {
      assertClear(e, type + " " + new String(body, StandardCharsets.UTF_8));
    }
  }

  @Property(tries = 300)
  void anyPutCommandGetsAClearStatus(@ForAll("bodyLike") byte[] command) {
    try {
      FlightBadInputTest.putRows(
          client, allocator, FlightDescriptor.command(command), 1, 5, 0, DEADLINE);
    } catch (FlightRuntimeException e) {
      assertClear(e, new String(command, StandardCharsets.UTF_8));
      return;
    }
    // Accepted: it was a well-formed staged put (invisible until committed); nothing else may be.
    StagedPut put =
        StagedPut.parse(command)
            .orElseThrow(() -> new AssertionError("only a staged put is accepted"));
    // A commit of no parts discards the write's staged part; a stream it created goes too.
    client
        .doAction(
            new Action(
                FlightProtocol.COMMIT,
                new CommitRequest(put.stream, put.writeId, put.windowTag, java.util.List.of())
                    .toBytes()),
            DEADLINE)
        .forEachRemaining(r -> {});
    if (!put.stream.equals(BASE)) {
      client
          .doAction(
              new Action(FlightProtocol.DROP, put.stream.getBytes(StandardCharsets.UTF_8)),
              DEADLINE)
          .forEachRemaining(r -> {});
    }
  }

  /**
   * The parsers themselves: any bytes give a value or the documented refusal, never another
   * exception.
   */
  @Property
  void parsersRefuseOnlyAsDocumented(@ForAll("bodyLike") byte[] bytes) {
    PartTicket.parse(bytes);
    StagedPut.parse(bytes);
    try {
      CommitRequest.parse(bytes);
    } catch (IOException expected) {
      assertFalse(expected.getMessage() == null || expected.getMessage().isBlank());
    }
  }

  private static void assertClear(FlightRuntimeException e, String input) {
    assertTrue(
        CLEAR.contains(e.status().code())
            || e.status().code() == FlightStatusCode.RESOURCE_EXHAUSTED,
        "a clear status, not "
            + e.status().code()
            + " ("
            + e.status().description()
            + ") for "
            + input);
    String d = e.status().description();
    assertFalse(d == null || d.isBlank(), "a message for " + input);
  }

  @Provide
  Arbitrary<String> actionType() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            FlightProtocol.DROP, FlightProtocol.STATS, FlightProtocol.TTL, FlightProtocol.COMMIT),
        Arbitraries.strings().ofMaxLength(12));
  }

  @Provide
  Arbitrary<byte[]> ticketLike() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(64), jsonLike("datastream.part"));
  }

  @Provide
  Arbitrary<byte[]> bodyLike() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
        jsonLike("datastream.staged-put"),
        jsonLike("datastream.part"));
  }

  /**
   * JSON objects with our field names and values of every type, so most get past the first checks.
   */
  private static Arbitrary<byte[]> jsonLike(String kind) {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "\"base\"",
                "\"\"",
                "\" base \"",
                "\"a/b\"",
                "null",
                "true",
                "[]",
                "{}",
                "[\"p\"]",
                "\"\\u0000\""),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of("-1", "0", "1", "2", "9223372036854775807", "1e400", "-0.5"),
            Arbitraries.strings()
                .ofMaxLength(8)
                .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
    Arbitrary<String> field =
        Arbitraries.of(
            "kind",
            "stream",
            "partId",
            "writeId",
            "windowTag",
            "parts",
            "fromBatch",
            "untilBatch",
            "batches",
            "rows",
            "bytes",
            "ttlSeconds");
    Arbitrary<String> entry =
        Arbitraries.oneOf(
            Arbitraries.just("\"kind\":\"" + kind + "\""),
            field.flatMap(f -> value.map(v -> "\"" + f + "\":" + v)));
    return entry
        .list()
        .ofMaxSize(8)
        .map(es -> ("{" + String.join(",", es) + "}").getBytes(StandardCharsets.UTF_8));
  }
}
