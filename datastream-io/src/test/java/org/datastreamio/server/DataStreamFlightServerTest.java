package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server through a plain Arrow Java Flight client: what any standard client sees. */
@ExtendWith(ArrowLeakCheck.class)
class DataStreamFlightServerTest {

  /** A plain DoPut of {@code batches} batches of 100 rows from id {@code first}. */
  static void put(FlightClient client, BufferAllocator allocator, String stream, long first, int batches) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      FlightClient.ClientStreamListener put = client.startPut(FlightDescriptor.path(stream), root, new SyncPutListener());
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
      assertEquals(Set.of("drop", "stats", "datastream.commit"), actions);

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
      FlightRuntimeException gone = assertThrows(FlightRuntimeException.class, () -> client.getInfo(FlightDescriptor.path("a")));
      assertEquals(FlightStatusCode.NOT_FOUND, gone.status().code());
      assertTrue(gone.getMessage().contains("'a'"), gone.getMessage());
    }
  }

  @Test
  void unknownTicketsActionsAndDescriptorsAreRejectedClearly() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> action(client, "explode", ""));
      assertEquals(FlightStatusCode.UNIMPLEMENTED, e.status().code());
      assertTrue(e.getMessage().contains("drop"), e.getMessage());

      e = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream s = client.getStream(new Ticket("nonsense".getBytes(StandardCharsets.UTF_8)))) {
          s.next();
        }
      });
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());

      e = assertThrows(FlightRuntimeException.class, () -> client.getInfo(FlightDescriptor.command(new byte[] {1, 2})));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
      assertTrue(e.getMessage().contains("path descriptor"), e.getMessage());
    }
  }
}
