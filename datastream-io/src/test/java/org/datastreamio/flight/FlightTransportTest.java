package org.datastreamio.flight;

import static org.datastreamio.flight.FlightTestData.SCHEMA;
import static org.datastreamio.flight.FlightTestData.expected;
import static org.datastreamio.flight.FlightTestData.readAll;
import static org.datastreamio.flight.FlightTestData.writePart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ServerMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flight transport through the SPI against our own server on loopback. */
class FlightTransportTest extends FlightTestBase {
  /**
   * Arrow memory of one received 1,000-row batch of {@link FlightTestData#SCHEMA}: one body buffer
   * of about 35 KB, rounded up to a power of two.
   */
  private static final long BATCH_1000_BYTES = 64 * 1024;

  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void closeServers() throws Exception {
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
  }

  private DataStreamFlightServer start(DataStreamFlightServer.Builder b) throws IOException {
    DataStreamFlightServer server = b.start();
    servers.add(server);
    return server;
  }

  @Test
  void exactlyOnceWriteIsInvisibleUntilCommitAndDropsUncommittedParts() throws Exception {
    DataStreamFlightServer server = start(DataStreamFlightServer.builder().port(0));
    StreamConfig config = StreamConfig.parse(server.uri("orders") + "?retries=1");
    Transport t = Transports.forConfig(config);
    assertEquals(DeliveryGuarantee.EXACTLY_ONCE, t.deliveryGuarantee(config));
    assertTrue(t.requiresCommit(config));

    WrittenPart a = writePart(t, config, SinkContext.of("w1", "p-a", ""), allocator, 0, 3, 100);
    WrittenPart b = writePart(t, config, SinkContext.of("w1", "p-b", ""), allocator, 300, 2, 50);
    // A bundle that finished but was retried: its part is staged and must never become visible.
    writePart(t, config, SinkContext.of("w1", "p-retried", ""), allocator, 10_000, 1, 10);
    // A bundle that failed after writing some batches.
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BatchSink sink =
            t.openSink(config, SinkContext.of("w1", "p-failed", ""), SCHEMA, allocator)) {
      org.datastreamio.testing.TestBatches.fill(root, 20_000, 10);
      sink.write(root);
      sink.abort();
    }
    assertEquals(List.of(), readAll(t, config, allocator), "nothing is visible before the commit");
    assertEquals(300, a.rows());
    assertEquals(3, a.batches());

    t.commit(config, "w1", "", List.of(a, b));
    t.commit(config, "w1", "", List.of(a, b)); // a runner may retry the commit
    assertEquals(expected(0, 400), readAll(t, config, allocator));

    List<Partition> partitions = t.listPartitions(config, allocator);
    assertEquals(2, partitions.size());
    assertTrue(partitions.get(0).isSplittable());
    assertEquals(3, partitions.get(0).batchCount());
    // Starting a part at a batch offset skips exactly the batches before it.
    assertEquals(
        expected(100, 200),
        FlightTestData.sorted(FlightTestData.read(t, config, partitions.get(0), 1, allocator)));
    assertEquals(
        0,
        ((Number)
                ((List<?>) server.stats().get("streams"))
                    .stream()
                        .map(s -> ((Map<?, ?>) s).get("stagedParts"))
                        .findFirst()
                        .orElseThrow())
            .intValue());
  }

  @Test
  void atLeastOnceWritesAppearWithoutCommit() throws Exception {
    DataStreamFlightServer server = start(DataStreamFlightServer.builder().port(0));
    StreamConfig config = StreamConfig.parse(server.uri("plain") + "?delivery=at-least-once");
    Transport t = Transports.forConfig(config);
    assertFalse(t.requiresCommit(config));
    writePart(t, config, SinkContext.of("w", "p1", ""), allocator, 0, 2, 10);
    writePart(t, config, SinkContext.of("w", "p2", ""), allocator, 20, 1, 10);
    assertEquals(expected(0, 30), readAll(t, config, allocator));
    assertEquals(SCHEMA, t.discoverSchema(config, allocator).orElseThrow());
  }

  @Test
  void secondWriteOfAnotherSchemaFailsNamingBothUntilDropped() throws Exception {
    DataStreamFlightServer server = start(DataStreamFlightServer.builder().port(0));
    StreamConfig config = StreamConfig.parse(server.uri("s"));
    Transport t = Transports.forConfig(config);
    WrittenPart p = writePart(t, config, SinkContext.of("w1", "p1", ""), allocator, 0, 1, 5);
    t.commit(config, "w1", "", List.of(p));

    Schema other =
        new Schema(
            List.of(
                new Field(
                    "amount",
                    FieldType.nullable(
                        new ArrowType.FloatingPoint(
                            org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
                    null)));
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (VectorSchemaRoot root = VectorSchemaRoot.create(other, allocator);
                  BatchSink sink =
                      t.openSink(config, SinkContext.of("w2", "p1", ""), other, allocator)) {
                root.allocateNew();
                ((org.apache.arrow.vector.Float8Vector) root.getVector(0)).setSafe(0, 1.5);
                root.setRowCount(1);
                sink.write(root);
                sink.finish();
              }
            });
    assertTrue(
        e.getMessage().contains("amount") && e.getMessage().contains("score"), e.getMessage());
    assertTrue(e.getMessage().contains("INVALID_ARGUMENT"), e.getMessage());

    drop(server, "s");
    WrittenPart again = writePart(t, config, SinkContext.of("w3", "p1", ""), allocator, 7, 1, 3);
    t.commit(config, "w3", "", List.of(again));
    assertEquals(expected(7, 3), readAll(t, config, allocator));
  }

  @Test
  void putOverTheMemoryLimitFailsAndStoresNothing() throws Exception {
    ServerMemory memory = new ServerMemory();
    servers.add(memory);
    DataStreamFlightServer server =
        start(memory.measure(DataStreamFlightServer.builder().port(0).memoryLimit(256 * 1024)));
    StreamConfig config = StreamConfig.parse(server.uri("big") + "?delivery=at-least-once");
    Transport t = Transports.forConfig(config);
    writePart(t, config, SinkContext.of("w", "small", ""), allocator, 0, 1, 100);
    long before = ((Number) server.stats().get("allocatedBytes")).longValue();
    IOException e =
        assertThrows(
            IOException.class,
            () -> writePart(t, config, SinkContext.of("w", "huge", ""), allocator, 1000, 40, 1000));
    assertTrue(
        e.getMessage().contains("RESOURCE_EXHAUSTED") && e.getMessage().contains("memory limit"),
        e.getMessage());
    assertEquals(
        before,
        ((Number) server.stats().get("allocatedBytes")).longValue(),
        "nothing partial is kept");
    // 40 batches of 1,000 rows (about 1.3 MB) against a cap of 256 KiB: the cap binds. One put at
    // a time, holding in transit the batch being copied and the ones Flight queued behind it.
    memory.assertPeakWithin(256 * 1024, ServerMemory.inTransitPerPut(BATCH_1000_BYTES));
    assertEquals(expected(0, 100), readAll(t, config, allocator));
  }

  @Test
  void abandonedWriteIsCleanedUp() throws Exception {
    DataStreamFlightServer server =
        start(DataStreamFlightServer.builder().port(0).abandonAfter(Duration.ofMillis(300)));
    StreamConfig config = StreamConfig.parse(server.uri("abandoned"));
    Transport t = Transports.forConfig(config);
    writePart(t, config, SinkContext.of("w", "p", ""), allocator, 0, 2, 100);
    assertTrue(((Number) server.stats().get("allocatedBytes")).longValue() > 0);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (((Number) server.stats().get("allocatedBytes")).longValue() > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, ((Number) server.stats().get("allocatedBytes")).longValue());
    IOException e =
        assertThrows(
            IOException.class,
            () -> t.commit(config, "w", "", List.of(WrittenPart.of("p", "", 200, 2, 1))));
    assertTrue(e.getMessage().contains("not staged"), e.getMessage());
    assertEquals(List.of(), readAll(t, config, allocator));
  }

  @Test
  void windowsCommitSeparately() throws Exception {
    DataStreamFlightServer server = start(DataStreamFlightServer.builder().port(0));
    StreamConfig config = StreamConfig.parse(server.uri("windows"));
    Transport t = Transports.forConfig(config);
    WrittenPart w1 = writePart(t, config, SinkContext.of("w", "p1", "win-1"), allocator, 0, 1, 10);
    WrittenPart w2 = writePart(t, config, SinkContext.of("w", "p2", "win-2"), allocator, 10, 1, 10);
    t.commit(config, "w", "win-1", List.of(w1));
    assertEquals(expected(0, 10), readAll(t, config, allocator));
    t.commit(config, "w", "win-2", List.of(w2));
    assertEquals(expected(0, 20), readAll(t, config, allocator));
  }

  @Test
  void unixSocket(@TempDir Path dir) throws Exception {
    DataStreamFlightServer server =
        start(DataStreamFlightServer.builder().unixSocket(dir.resolve("ds.sock")));
    StreamConfig config = StreamConfig.parse(server.uri("u"));
    assertTrue(config.toUri().startsWith("flight+unix://"), config.toUri());
    Transport t = Transports.forConfig(config);
    WrittenPart p = writePart(t, config, SinkContext.of("w", "p", ""), allocator, 0, 2, 10);
    t.commit(config, "w", "", List.of(p));
    assertEquals(expected(0, 20), readAll(t, config, allocator));
  }

  @Test
  void badUrisAreRejectedNamingTheFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transports.forConfig(StreamConfig.parse("flight+unix:///tmp/x.sock")));
    assertTrue(e.getMessage().contains("?stream=name"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Transports.forConfig(
                    StreamConfig.parse("flight://127.0.0.1:8815/x?delivery=twice")));
    assertTrue(e.getMessage().contains("exactly-once"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Transports.forConfig(
                    StreamConfig.parse("flight://127.0.0.1:8815/x?caFile=/nonexistent/ca.pem")));
    assertTrue(
        e.getMessage().contains("flight+tls") || e.getMessage().contains("does not exist"),
        e.getMessage());
  }

  static void drop(DataStreamFlightServer server, String stream) throws Exception {
    try (BufferAllocator a = ArrowMemory.newChild("drop");
        FlightClient client = FlightClient.builder(a, server.location()).build()) {
      java.util.Iterator<Result> it =
          client.doAction(new Action("drop", stream.getBytes(StandardCharsets.UTF_8)));
      assertTrue(
          new String(it.next().getBody(), StandardCharsets.UTF_8).contains("\"dropped\":true"));
      it.forEachRemaining(r -> {});
    }
  }
}
