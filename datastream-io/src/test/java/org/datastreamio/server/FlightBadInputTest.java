package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightProtocol;
import org.datastreamio.flight.FlightProtocol.CommitRequest;
import org.datastreamio.flight.FlightProtocol.PartTicket;
import org.datastreamio.flight.FlightProtocol.StagedPut;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and careless Flight calls against a real server with authentication and a 4 MiB memory
 * cap, one case a line: the status code, what the message must name (what was wrong and what to
 * do), and afterwards that no secret was echoed, the stream {@code base} still holds exactly its
 * rows, no other stream is visible, nothing is staged and the server's Arrow memory is back where
 * it was.
 */
@ExtendWith(ArrowLeakCheck.class)
class FlightBadInputTest {
  private static final String PASSWORD = "pw-Secret-41";
  private static final String TOKEN = "tok-Secret-42";
  private static final long CAP = 4L << 20;
  private static final List<List<Object>> BASE_ROWS = expectedRows(0, 300);

  static BufferAllocator allocator;
  static DataStreamFlightServer server;
  static FlightClient client;
  static final CallOption AUTH = new CredentialCallOption(new BearerCredentialWriter(TOKEN));

  /** One hostile call: it must throw. */
  interface Probe {
    void run() throws Exception;
  }

  record Case(String name, Probe probe, FlightStatusCode code, List<String> mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case bad(String name, FlightStatusCode code, Probe probe, String... mentions) {
    return new Case(name, probe, code, List.of(mentions));
  }

  static Stream<Case> cases() {
    String partId = basePartId();
    return Stream.of(
        // who may call
        bad(
            "anonymous action",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", none()),
            "no credentials",
            "tokenFile="),
        bad(
            "anonymous DoGet",
            FlightStatusCode.UNAUTHENTICATED,
            () -> get(ticket("base", partId, 0), none()),
            "no credentials"),
        bad(
            "anonymous DoPut",
            FlightStatusCode.UNAUTHENTICATED,
            () -> put(FlightDescriptor.path("x"), 10, none()),
            "no credentials"),
        bad(
            "anonymous ListFlights",
            FlightStatusCode.UNAUTHENTICATED,
            () -> list(none()),
            "no credentials"),
        bad(
            "wrong bearer token",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", bearer("nope")),
            "token sent is wrong"),
        bad(
            "empty bearer token",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", bearer("")),
            "empty"),
        bad(
            "wrong password",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", basic("ops", "guess")),
            "password is wrong",
            "passwordFile="),
        bad(
            "unknown user",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", basic("root", PASSWORD)),
            "password is wrong"),
        bad(
            "empty password",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", basic("ops", "")),
            "password is wrong"),
        bad(
            "garbage authorization header",
            FlightStatusCode.UNAUTHENTICATED,
            () -> action("stats", "", header("Digest x=1")),
            "neither"),
        // forged tickets
        bad(
            "ticket not ours",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> get(new Ticket(bytes("nonsense")), AUTH),
            "Unknown ticket",
            "GetFlightInfo"),
        bad(
            "empty ticket",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> get(new Ticket(new byte[0]), AUTH),
            "Unknown ticket"),
        bad(
            "binary ticket",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> get(new Ticket(new byte[] {'{', 0, -1, 7}), AUTH),
            "Unknown ticket"),
        bad(
            "ticket of a missing stream",
            FlightStatusCode.NOT_FOUND,
            () -> get(ticket("ghost", partId, 0), AUTH),
            "ghost",
            "GetFlightInfo again"),
        bad(
            "ticket of a missing part",
            FlightStatusCode.NOT_FOUND,
            () -> get(ticket("base", "no-part", 0), AUTH),
            "no-part",
            "GetFlightInfo again"),
        bad(
            "ticket from beyond the part",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> get(ticket("base", partId, 99), AUTH),
            "from batch 99",
            "GetFlightInfo"),
        bad(
            "ticket from a negative batch",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> get(ticket("base", partId, -3), AUTH),
            "from batch -3"),
        // descriptors
        bad(
            "DoPut with a foreign command",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.command(bytes("SELECT 1")), 10, AUTH),
            "path descriptor"),
        bad(
            "GetFlightInfo with a command",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> client.getInfo(FlightDescriptor.command(new byte[] {1}), AUTH),
            "path descriptor"),
        bad(
            "GetFlightInfo of a missing stream",
            FlightStatusCode.NOT_FOUND,
            () -> client.getInfo(FlightDescriptor.path("ghost"), AUTH),
            "ghost",
            "ListFlights"),
        // hostile stream names
        bad(
            "name with surrounding spaces",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.path(" s "), 10, AUTH),
            "spaces around it",
            "no '/'"),
        bad(
            "name with a control character",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.path("a\u0001b"), 10, AUTH),
            "control character",
            "\\u0001"),
        bad(
            "name with a newline",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.path("a\nb"), 10, AUTH),
            "control character"),
        bad(
            "name with a slash",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.path("a", "b"), 10, AUTH),
            "contains '/'"),
        bad(
            "empty name",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.path(""), 10, AUTH),
            "empty"),
        bad(
            "very long name",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> put(FlightDescriptor.path("n".repeat(10_000)), 10, AUTH),
            "longer than 512 bytes"),
        bad(
            "staged put with a hostile name",
            FlightStatusCode.INVALID_ARGUMENT,
            () ->
                put(
                    FlightDescriptor.command(new StagedPut("\tx", "w1", "p1", "").toBytes()),
                    10,
                    AUTH),
            "control character"),
        // action bodies
        bad(
            "drop without a name",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> action("drop", "", AUTH),
            "stream name as its body"),
        bad(
            "commit with a garbage body",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> action(FlightProtocol.COMMIT, "\u0000garbage", AUTH),
            "JSON"),
        bad(
            "commit with a JSON array",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> action(FlightProtocol.COMMIT, "[1,2]", AUTH),
            "JSON"),
        bad(
            "commit of parts never staged",
            FlightStatusCode.NOT_FOUND,
            () ->
                action(
                    FlightProtocol.COMMIT,
                    new String(
                        new CommitRequest("base", "w9", "", List.of("p1")).toBytes(),
                        StandardCharsets.UTF_8),
                    AUTH),
            "not staged",
            "rerun"),
        bad(
            "ttl with a garbage body",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> action(FlightProtocol.TTL, "{{{", AUTH),
            "ttlSeconds"),
        bad(
            "ttl negative",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> action(FlightProtocol.TTL, "{\"stream\":\"base\",\"ttlSeconds\":-1}", AUTH),
            "N >= 0"),
        bad(
            "ttl as text",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> action(FlightProtocol.TTL, "{\"stream\":\"base\",\"ttlSeconds\":\"soon\"}", AUTH),
            "ttlSeconds"),
        bad(
            "unknown action",
            FlightStatusCode.UNIMPLEMENTED,
            () -> action("explode", "", AUTH),
            "explode",
            "drop"),
        // schemas and sizes
        bad(
            "schema conflict",
            FlightStatusCode.INVALID_ARGUMENT,
            () -> putInts(FlightDescriptor.path("base"), 10),
            "holds data of schema",
            "drop 'base' first"),
        bad(
            "one batch larger than the memory left",
            FlightStatusCode.RESOURCE_EXHAUSTED,
            () -> put(FlightDescriptor.path("big1"), 90_000, AUTH),
            "memory limit",
            "Nothing of this DoPut was stored",
            "--memory-limit"),
        bad(
            "a write beyond the memory cap",
            FlightStatusCode.RESOURCE_EXHAUSTED,
            () -> putBatches(FlightDescriptor.path("big2"), 30, 10_000),
            "memory limit",
            "Nothing of this DoPut was stored"),
        bad(
            "an exactly-once write beyond the memory cap",
            FlightStatusCode.RESOURCE_EXHAUSTED,
            () ->
                putBatches(
                    FlightDescriptor.command(new StagedPut("big3", "w3", "p1", "").toBytes()),
                    30,
                    10_000),
            "memory limit"));
  }

  @BeforeAll
  static void start() throws Exception {
    allocator = ArrowMemory.newChild("flight-bad-input-test");
    server =
        DataStreamFlightServer.builder()
            .port(0)
            .memoryLimit(CAP)
            .basicAuth("ops", PASSWORD)
            .bearerToken(TOKEN)
            .start();
    client = FlightClient.builder(allocator, server.location()).build();
    DataStreamFlightServerTest.put(client, allocator, "base", 0, 3, AUTH);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        allocator.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusedClearlyAndLeavesNothing(Case c) throws Exception {
    long before = server.storeAllocatedBytes();
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, c.probe::run);
    String message = e.status().description();
    assertEquals(c.code, e.status().code(), c.name + ": " + e);
    assertFalse(message == null || message.isBlank(), "a message: " + e);
    for (String m : c.mentions) {
      assertTrue(message.contains(m), "the message should mention '" + m + "': " + message);
    }
    assertFalse(message.contains(PASSWORD) || message.contains(TOKEN), "no secret in: " + message);
    assertNothingLeft(before);
    // The test report lists every case with the status a client got.
    System.out.println("FlightBadInputTest | " + c.name + " | " + c.code + " | " + message);
  }

  /**
   * One DoPut message (a 12 MB batch) larger than the 4 MiB cap is refused by gRPC from its length
   * prefix, before the server receives it. gRPC then ends the call with RESOURCE_EXHAUSTED ("gRPC
   * message exceeds maximum size 4194304") when the status reaches the client before the stream is
   * reset, and with CANCELLED otherwise; either way nothing is stored or held.
   */
  @Test
  void aMessageLargerThanTheCapIsRefusedBeforeItIsReceived() throws Exception {
    long before = server.storeAllocatedBytes();
    FlightRuntimeException e =
        assertThrows(
            FlightRuntimeException.class, () -> put(FlightDescriptor.path("big"), 300_000, AUTH));
    if (e.status().code() == FlightStatusCode.RESOURCE_EXHAUSTED) {
      assertTrue(e.status().description().contains("exceeds maximum size " + CAP), e.toString());
    } else {
      assertEquals(FlightStatusCode.CANCELLED, e.status().code(), e.toString());
    }
    // The reset can take the whole HTTP/2 connection with it (GOAWAY, "Stream N in unexpected
    // state HALF_CLOSED_LOCAL"), and a call that races it fails: look on a new connection.
    client.close();
    client = FlightClient.builder(allocator, server.location()).build();
    assertNothingLeft(before);
  }

  private static void assertNothingLeft(long before) throws Exception {
    assertEquals(List.of("base"), streams(), "no other stream became visible");
    assertEquals(BASE_ROWS, rows(client, "base", AUTH), "the base stream holds exactly its rows");
    assertTrue(
        action("stats", "", AUTH).contains("\"stagedParts\":0"),
        "nothing staged: " + action("stats", "", AUTH));
    awaitMemory(before);
    assertEquals(0, server.transportAllocatedBytes(), "no batch in transit");
  }

  /**
   * A failed exactly-once write frees its staged parts at once: with a 50 MiB cap, a write staging
   * about 45 MiB that then runs out of memory leaves nothing staged, its commit names the failure,
   * and the next write of 30 MiB (which fits only if the first one's parts are gone) succeeds.
   */
  @Test
  void failedExactlyOnceWriteReleasesItsStagedPartsAtOnce() throws Exception {
    try (BufferAllocator a = ArrowMemory.newChild("failed-write-test");
        DataStreamFlightServer s =
            DataStreamFlightServer.builder().port(0).memoryLimit(50L << 20).start();
        FlightClient c = FlightClient.builder(a, s.location()).build()) {
      // Six parts of ~8 MiB each: the sixth does not fit.
      FlightRuntimeException e = null;
      int staged = 0;
      for (int p = 0; p < 8 && e == null; p++) {
        try {
          putRows(
              c,
              a,
              FlightDescriptor.command(new StagedPut("big", "w1", "p" + p, "").toBytes()),
              8,
              25_000,
              p * 200_000L);
          staged++;
        } catch (FlightRuntimeException failed) {
          e = failed;
        }
      }
      assertTrue(
          e != null && staged >= 2, "the write runs out of memory after staging parts: " + staged);
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code());
      assertTrue(
          e.getMessage().contains("staged parts of uncommitted exactly-once writes"),
          e.getMessage());
      assertEquals(0, s.storeAllocatedBytes(), "the failed write's staged parts are freed at once");
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < staged; p++) {
        parts.add("p" + p);
      }
      FlightRuntimeException commit =
          assertThrows(
              FlightRuntimeException.class,
              () ->
                  DataStreamFlightServerTest.action(
                      c,
                      FlightProtocol.COMMIT,
                      new String(
                          new CommitRequest("big", "w1", "", parts).toBytes(),
                          StandardCharsets.UTF_8)));
      assertEquals(FlightStatusCode.NOT_FOUND, commit.status().code());
      assertTrue(
          commit.getMessage().contains("failed") && commit.getMessage().contains("rerun"),
          commit.getMessage());
      FlightRuntimeException late =
          assertThrows(
              FlightRuntimeException.class,
              () ->
                  putRows(
                      c,
                      a,
                      FlightDescriptor.command(new StagedPut("big", "w1", "p99", "").toBytes()),
                      1,
                      100,
                      0));
      assertTrue(late.getMessage().contains("already failed"), late.getMessage());

      putRows(
          c,
          a,
          FlightDescriptor.command(new StagedPut("big", "w2", "q0", "").toBytes()),
          12,
          25_000,
          0);
      putRows(
          c,
          a,
          FlightDescriptor.command(new StagedPut("big", "w2", "q1", "").toBytes()),
          12,
          25_000,
          300_000);
      String answer =
          DataStreamFlightServerTest.action(
              c,
              FlightProtocol.COMMIT,
              new String(
                  new CommitRequest("big", "w2", "", List.of("q0", "q1")).toBytes(),
                  StandardCharsets.UTF_8));
      assertTrue(answer.contains("\"rows\":600000"), answer);
      assertEquals(expectedRows(0, 600_000), rows(c, "big"));
    }
  }

  /**
   * With a spill directory and a disk limit, writes beyond the limit leave no file behind: a plain
   * DoPut's file is deleted, and an exactly-once write that hits the limit has every staged file of
   * it deleted at once; the directory then holds only the base stream's file.
   */
  @Test
  void writesBeyondTheDiskLimitLeaveNoFiles(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path spill) throws Exception {
    try (BufferAllocator a = ArrowMemory.newChild("disk-limit-test");
        DataStreamFlightServer s =
            DataStreamFlightServer.builder().port(0).spillDir(spill).maxDisk(4L << 20).start();
        FlightClient c = FlightClient.builder(a, s.location()).build()) {
      putRows(c, a, FlightDescriptor.path("base"), 3, 100, 0);
      List<java.nio.file.Path> baseFiles = files(spill);
      assertEquals(1, baseFiles.size(), baseFiles.toString());

      FlightRuntimeException plain =
          assertThrows(
              FlightRuntimeException.class,
              () -> putRows(c, a, FlightDescriptor.path("big"), 30, 10_000, 0));
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, plain.status().code());
      assertTrue(plain.getMessage().contains("--max-disk"), plain.getMessage());

      putRows(
          c,
          a,
          FlightDescriptor.command(new StagedPut("big", "w1", "p0", "").toBytes()),
          2,
          10_000,
          0);
      assertEquals(2, files(spill).size(), "the first part is staged on disk");
      FlightRuntimeException staged =
          assertThrows(
              FlightRuntimeException.class,
              () ->
                  putRows(
                      c,
                      a,
                      FlightDescriptor.command(new StagedPut("big", "w1", "p1", "").toBytes()),
                      30,
                      10_000,
                      0));
      assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, staged.status().code());
      assertEquals(baseFiles, files(spill), "the failed write's staged file is deleted at once");
      assertEquals(expectedRows(0, 300), rows(c, "base"));
      assertEquals(
          List.of("base"),
          java.util.stream.StreamSupport.stream(c.listFlights(Criteria.ALL).spliterator(), false)
              .map(i -> String.join("/", i.getDescriptor().getPath()))
              .collect(Collectors.toList()));
    }
  }

  private static List<java.nio.file.Path> files(java.nio.file.Path dir) throws java.io.IOException {
    try (Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
      return s.filter(java.nio.file.Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void caseNamesAreUnique() {
    List<String> names = cases().map(Case::toString).collect(Collectors.toList());
    assertEquals(
        names.size(), names.stream().distinct().count(), "case names are unique: " + names);
  }

  // ---- the calls the cases make

  private static CallOption none() {
    return new HeaderCallOption(new FlightCallHeaders());
  }

  private static CallOption bearer(String token) {
    return header("Bearer " + token);
  }

  private static CallOption basic(String user, String password) {
    return new CredentialCallOption(new BasicAuthCredentialWriter(user, password));
  }

  private static CallOption header(String value) {
    FlightCallHeaders h = new FlightCallHeaders();
    h.insert("authorization", value);
    return new HeaderCallOption(h);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String action(String type, String body, CallOption option) {
    Iterator<Result> it = client.doAction(new Action(type, bytes(body)), option);
    StringBuilder sb = new StringBuilder();
    it.forEachRemaining(r -> sb.append(new String(r.getBody(), StandardCharsets.UTF_8)));
    return sb.toString();
  }

  private static Ticket ticket(String stream, String partId, long from) {
    return new Ticket(new PartTicket(stream, partId, 0, 3, 300, 0).from(from).toBytes());
  }

  private static void get(Ticket ticket, CallOption option) throws Exception {
    try (FlightStream s = client.getStream(ticket, option)) {
      while (s.next()) {
        // drain: the error comes with the first read
      }
    }
  }

  private static void list(CallOption option) {
    client.listFlights(Criteria.ALL, option).forEach(i -> {});
  }

  private static void put(FlightDescriptor descriptor, int rows, CallOption option) {
    putRows(client, allocator, descriptor, 1, rows, 0, option);
  }

  private static void putBatches(FlightDescriptor descriptor, int batches, int rows) {
    putRows(client, allocator, descriptor, batches, rows, 0, AUTH);
  }

  static void putRows(
      FlightClient c,
      BufferAllocator a,
      FlightDescriptor descriptor,
      int batches,
      int rows,
      long first,
      CallOption... options) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, a)) {
      FlightClient.ClientStreamListener put =
          c.startPut(descriptor, root, new SyncPutListener(), options);
      for (int b = 0; b < batches; b++) {
        TestBatches.fill(root, first + (long) b * rows, rows);
        put.putNext();
      }
      put.completed();
      put.getResult();
    }
  }

  /** A write of another schema (one int column). */
  private static void putInts(FlightDescriptor descriptor, int rows) {
    try (IntVector v = new IntVector("other", allocator)) {
      v.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        v.set(i, i);
      }
      v.setValueCount(rows);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(v)) {
        FlightClient.ClientStreamListener put =
            client.startPut(descriptor, root, new SyncPutListener(), AUTH);
        put.putNext();
        put.completed();
        put.getResult();
      }
    }
  }

  private static List<String> streams() {
    List<String> names = new ArrayList<>();
    for (FlightInfo info : client.listFlights(Criteria.ALL, AUTH)) {
      names.add(String.join("/", info.getDescriptor().getPath()));
    }
    return names;
  }

  /** Every row of a stream, as values, sorted by id: compared whole with {@link #expectedRows}. */
  private static List<List<Object>> rows(FlightClient c, String stream, CallOption... options)
      throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    for (var endpoint : c.getInfo(FlightDescriptor.path(stream), options).getEndpoints()) {
      try (FlightStream s = c.getStream(endpoint.getTicket(), options)) {
        while (s.next()) {
          rows.addAll(TestBatches.values(s.getRoot()));
        }
      }
    }
    rows.sort(java.util.Comparator.comparingLong(row -> (Long) row.get(0)));
    return rows;
  }

  private static List<List<Object>> expectedRows(long first, long end) {
    return LongStream.range(first, end)
        .mapToObj(TestBatches::expected)
        .collect(Collectors.toList());
  }

  private static String basePartId() {
    try {
      var endpoint = client.getInfo(FlightDescriptor.path("base"), AUTH).getEndpoints().get(0);
      return PartTicket.parse(endpoint.getTicket().getBytes()).orElseThrow().partId;
    } catch (RuntimeException e) {
      throw new IllegalStateException("the base stream is missing", e);
    }
  }

  private static void awaitMemory(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.storeAllocatedBytes() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(
        expected, server.storeAllocatedBytes(), "the server's store memory is back where it was");
  }
}
