package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readers that go away mid-part (a splittable read checkpointing, a failed worker) must not leave
 * the server holding memory: a real server, a real Flight client that cancels DoGets part-way, and
 * the server's allocators checked against what they held before the reads.
 */
@ExtendWith(ArrowLeakCheck.class)
class CancelledReadTest {
  /**
   * Large enough that gRPC's flow-control window fills and the server waits on the reader mid-part.
   */
  private static final int ROWS_PER_BATCH = 20_000;

  private static final int BATCHES = 30;

  @Test
  void cancelledDoGetsReleaseEverythingTheServerHeldForThem() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test-client");
        DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      put(client, allocator, "s");
      long transportBefore = server.transportAllocatedBytes();
      long storeBefore = server.storeAllocatedBytes();
      assertTrue(
          storeBefore > (long) BATCHES * ROWS_PER_BATCH * 8,
          "the stream is stored: " + storeBefore);
      Ticket ticket = onlyTicket(client, "s");

      // Several readers at once, cancelling after 0, 1 and 3 batches, twice over.
      for (int round = 0; round < 2; round++) {
        List<FlightStream> streams = new ArrayList<>();
        for (int read : new int[] {0, 1, 3}) {
          FlightStream stream = client.getStream(ticket);
          for (int i = 0; i < read; i++) {
            assertTrue(stream.next(), "batch " + i + " arrives");
            assertEquals(ROWS_PER_BATCH, stream.getRoot().getRowCount());
          }
          streams.add(stream);
        }
        for (FlightStream stream : streams) {
          stream.cancel("the test's reader goes away mid-part", null);
          closeCancelled(stream);
        }
        awaitEqual(
            "server transport memory after cancelled reads",
            transportBefore,
            server::transportAllocatedBytes);
        awaitEqual(
            "server store memory after cancelled reads", storeBefore, server::storeAllocatedBytes);
      }

      // The stream is whole afterwards: a full read returns every row.
      List<List<Object>> rows = new ArrayList<>();
      try (FlightStream stream = client.getStream(ticket)) {
        while (stream.next()) {
          rows.addAll(TestBatches.values(stream.getRoot()));
        }
      }
      List<List<Object>> expected = new ArrayList<>();
      for (long v = 0; v < (long) BATCHES * ROWS_PER_BATCH; v++) {
        expected.add(TestBatches.expected(v));
      }
      Multiset.assertSameMultiset(expected, rows);
      awaitEqual(
          "server transport memory after a full read",
          transportBefore,
          server::transportAllocatedBytes);
    }
  }

  @Test
  void droppingAStreamEndsItsRunningReadWithAClearStatusAndFreesItsMemory() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test-client");
        DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      long storeEmpty = server.storeAllocatedBytes();
      put(client, allocator, "s");
      FlightStream stream = client.getStream(onlyTicket(client, "s"));
      try {
        assertTrue(stream.next(), "the first batch arrives");
        assertTrue(
            DataStreamFlightServerTest.action(client, "drop", "s").contains("\"dropped\":true"));
        // The batches already on the wire arrive; then the read ends with NOT_FOUND, not with the
        // whole part.
        int more = 0;
        FlightRuntimeException ended = null;
        try {
          while (stream.next()) {
            more++;
          }
        } catch (FlightRuntimeException e) {
          ended = e;
        }
        assertTrue(ended != null, "the read ended with an error, after " + more + " more batches");
        assertEquals(FlightStatusCode.NOT_FOUND, ended.status().code());
        assertTrue(
            ended.getMessage().contains("'s' was dropped or expired while this read ran"),
            ended.getMessage());
        assertTrue(more < BATCHES - 1, "the read stopped early: " + more + " more batches");
      } finally {
        closeCancelled(stream);
      }
      awaitEqual("server store memory after the drop", storeEmpty, server::storeAllocatedBytes);
    }
  }

  @Test
  void closingTheServerReleasesAReaderThatStoppedReadingWithoutCancelling() throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test-client");
        FlightClient client = openStalledReader(allocator)) {
      // openStalledReader closed the server while its reader held a DoGet open mid-part; the leak
      // check
      // (and close() itself, which fails on a leaked allocator) is the assertion.
      assertTrue(client != null);
    }
  }

  /**
   * Starts a server, stores a stream, reads one batch of it, and closes the server with the DoGet
   * still open.
   */
  private static FlightClient openStalledReader(BufferAllocator allocator) throws Exception {
    FlightClient client = null;
    FlightStream stream = null;
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
      client = FlightClient.builder(allocator, server.location()).build();
      put(client, allocator, "s");
      stream = client.getStream(onlyTicket(client, "s"));
      assertTrue(stream.next());
      assertTrue(server.transportAllocatedBytes() > 0 || server.storeAllocatedBytes() > 0);
    } finally {
      if (stream != null) {
        closeCancelled(stream);
      }
    }
    return client;
  }

  private static void put(FlightClient client, BufferAllocator allocator, String name) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      FlightClient.ClientStreamListener put =
          client.startPut(FlightDescriptor.path(name), root, new SyncPutListener());
      for (int b = 0; b < BATCHES; b++) {
        TestBatches.fill(root, (long) b * ROWS_PER_BATCH, ROWS_PER_BATCH);
        put.putNext();
      }
      put.completed();
      put.getResult();
    }
  }

  private static Ticket onlyTicket(FlightClient client, String name) {
    FlightInfo info = client.getInfo(FlightDescriptor.path(name));
    List<FlightEndpoint> endpoints = info.getEndpoints();
    assertEquals(1, endpoints.size(), "one DoPut, one part");
    return endpoints.get(0).getTicket();
  }

  /**
   * Closes a stream that was cancelled (or whose server went away): the error that close reports is
   * expected.
   */
  private static void closeCancelled(FlightStream stream) {
    try {
      stream.close();
    } catch (Exception e) {
      // cancelled or shut down: close drains the stream and reports how it ended
    }
  }

  private static void awaitEqual(String what, long expected, LongSupplier actual)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long now = actual.getAsLong();
    while (now != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      now = actual.getAsLong();
    }
    if (now != expected) {
      fail(
          what
              + ": "
              + now
              + " bytes, expected "
              + expected
              + " as before the reads ("
              + (now - expected)
              + " held)");
    }
  }
}
