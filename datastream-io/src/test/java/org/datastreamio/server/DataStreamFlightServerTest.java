package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.flight.FlightTestData;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.ServerMemory;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The server through a plain Arrow Java Flight client: what any standard client sees. */
@ExtendWith(ArrowLeakCheck.class)
class DataStreamFlightServerTest {

  /** A plain DoPut of {@code batches} batches of 100 rows from id {@code first}. */
  static void put(
      FlightClient client,
      BufferAllocator allocator,
      String stream,
      long first,
      int batches,
      org.apache.arrow.flight.CallOption... options) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      FlightClient.ClientStreamListener put =
          client.startPut(FlightDescriptor.path(stream), root, new SyncPutListener(), options);
      for (int b = 0; b < batches; b++) {
        TestBatches.fill(root, first + b * 100L, 100);
        put.putNext();
      }
      put.completed();
      put.getResult();
    }
  }

  static String action(FlightClient client, String type, String body) {
    Iterator<Result> it = client.doAction(new Action(type, body.getBytes(StandardCharsets.UTF_8)));
    StringBuilder sb = new StringBuilder();
    it.forEachRemaining(r -> sb.append(new String(r.getBody(), StandardCharsets.UTF_8)));
    return sb.toString();
  }

  @Test
  void standardClientPutsListsReadsAndDrops() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      put(client, allocator, "a", 0, 3);
      put(client, allocator, "a", 300, 2);
      put(client, allocator, "b", 0, 1);

      Set<String> actions = new TreeSet<>();
      for (ActionType t : client.listActions()) {
        actions.add(t.getType());
        assertTrue(!t.getDescription().isEmpty());
      }
      assertEquals(Set.of("drop", "stats", "datastream.ttl", "datastream.commit"), actions);

      List<String> listed = new ArrayList<>();
      for (FlightInfo info : client.listFlights(Criteria.ALL)) {
        listed.add(info.getDescriptor().getPath().get(0) + ":" + info.getRecords());
        assertTrue(info.getBytes() > 0);
      }
      assertEquals(List.of("a:500", "b:100"), listed);

      FlightInfo info = client.getInfo(FlightDescriptor.path("a"));
      assertEquals(2, info.getEndpoints().size(), "one endpoint per DoPut");
      assertEquals(TestBatches.SCHEMA, client.getSchema(FlightDescriptor.path("a")).getSchema());
      List<String> rows = new ArrayList<>();
      for (var endpoint : info.getEndpoints()) {
        try (FlightStream stream = client.getStream(endpoint.getTicket())) {
          while (stream.next()) {
            TestBatches.values(stream.getRoot()).forEach(r -> rows.add(r.toString()));
          }
        }
      }
      List<String> want = new ArrayList<>();
      for (long v = 0; v < 500; v++) {
        want.add(TestBatches.expected(v).toString());
      }
      assertEquals(want, rows);

      assertTrue(action(client, "stats", "a").contains("\"rows\":500"));
      assertTrue(action(client, "drop", "a").contains("\"dropped\":true"));
      FlightRuntimeException gone =
          assertThrows(
              FlightRuntimeException.class, () -> client.getInfo(FlightDescriptor.path("a")));
      assertEquals(FlightStatusCode.NOT_FOUND, gone.status().code());
      assertTrue(gone.getMessage().contains("'a'"), gone.getMessage());
    }
  }

  @Test
  void spillDirKeepsStreamsLargerThanTheMemoryLimit(@TempDir Path spill) throws Exception {
    try (ServerMemory memory = new ServerMemory();
        BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server =
            memory
                .measure(DataStreamFlightServer.builder())
                .port(0)
                .memoryLimit(256 * 1024)
                .spillDir(spill)
                .start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      StreamConfig config = StreamConfig.parse(server.uri("big"));
      Transport t = Transports.forConfig(config);
      List<WrittenPart> parts = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        parts.add(
            FlightTestData.writePart(
                t, config, SinkContext.of("w", "p" + p, ""), allocator, p * 60_000L, 30, 2000));
      }
      // A bundle that was retried: its staged file must go when the commit discards it.
      FlightTestData.writePart(
          t, config, SinkContext.of("w", "retried", ""), allocator, 0, 1, 2000);
      t.commit(config, "w", "", parts);
      long written = parts.stream().mapToLong(WrittenPart::bytes).sum();
      // Each part (about 2 MB) outgrows the cap and what one call may hold in transit.
      assertTrue(written > 3 * 2_000_000, "the data (" + written + " bytes) outgrows the cap");
      try (Stream<Path> files = Files.list(spill)) {
        assertEquals(3, files.count(), "one spill file per committed part");
      }
      assertEquals(
          FlightTestData.expected(0, 180_000), FlightTestData.readAll(t, config, allocator));
      Partition first = t.listPartitions(config, allocator).get(0);
      assertEquals(
          FlightTestData.expected(4000, 56_000),
          FlightTestData.sorted(FlightTestData.read(t, config, first, 2, allocator)));
      // Written and read one call at a time: besides the cap, the server held at most the batches
      // of one call in transit (2,000-row batches of about 70 KB, 128 KiB buffers).
      memory.assertPeakWithin(256 * 1024, ServerMemory.inTransitPerPut(128 * 1024));

      assertTrue(action(client, "drop", "big").contains("\"dropped\":true"));
      try (Stream<Path> files = Files.list(spill)) {
        assertEquals(0, files.count(), "drop deletes the spill files");
      }
    } finally {
      FlightClientPool.closeIdleClients();
    }
  }

  @Test
  void unknownTicketsActionsAndDescriptorsAreRejectedClearly() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      FlightRuntimeException e =
          assertThrows(FlightRuntimeException.class, () -> action(client, "explode", ""));
      assertEquals(FlightStatusCode.UNIMPLEMENTED, e.status().code());
      assertTrue(e.getMessage().contains("drop"), e.getMessage());

      e =
          assertThrows(
              FlightRuntimeException.class,
              () -> {
                try (FlightStream s =
                    client.getStream(new Ticket("nonsense".getBytes(StandardCharsets.UTF_8)))) {
                  s.next();
                }
              });
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());

      e =
          assertThrows(
              FlightRuntimeException.class,
              () -> client.getInfo(FlightDescriptor.command(new byte[] {1, 2})));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
      assertTrue(e.getMessage().contains("path descriptor"), e.getMessage());
    }
  }
}
