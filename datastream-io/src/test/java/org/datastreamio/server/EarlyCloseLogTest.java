package org.datastreamio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reader that stops early ({@code cat --limit}: the stream closed after a few rows) is normal, so
 * the server logs no stack trace for it, neither through SLF4J (stderr) nor through gRPC's
 * java.util.logging, and frees what it held.
 */
@ExtendWith(ArrowLeakCheck.class)
class EarlyCloseLogTest {
  @Test
  void readersClosingEarlyLeaveNoStackTraceInTheServerLog() throws Exception {
    assertNoStackTraceLogged(
        allocator -> {
          try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
            putBigStream(server, allocator);
            for (int k = 0; k < 5; k++) {
              // The stream closed after two batches, as cat does when it has printed --limit rows.
              try (FlightClient client =
                  FlightClient.builder(allocator, server.location()).build()) {
                try (FlightStream stream = client.getStream(ticket(client))) {
                  stream.next();
                  stream.next();
                } catch (Exception e) {
                  // the client's own view of its cancel
                }
              }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.transportAllocatedBytes() > 0 && System.nanoTime() < deadline) {
              Thread.sleep(20);
            }
            assertEquals(
                0, server.transportAllocatedBytes(), "the early readers' batches are freed");
          }
        });
  }

  /**
   * Closing the server under a reader that stopped reading mid-stream ends that call during the
   * shutdown: the end of the call must still find a thread to run on, quietly.
   */
  @Test
  void closingTheServerUnderAStalledReaderLeavesNoStackTraceInTheServerLog() throws Exception {
    assertNoStackTraceLogged(
        allocator -> {
          try (FlightClient client = closeUnderStalledReader(allocator)) {
            // the client's call failed or was cut; what matters is the server's log
          }
        });
  }

  private static FlightClient closeUnderStalledReader(BufferAllocator allocator) throws Exception {
    DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
    FlightClient client = null;
    FlightStream stream = null;
    try {
      putBigStream(server, allocator);
      client = FlightClient.builder(allocator, server.location()).build();
      stream = client.getStream(ticket(client));
      stream.next();
    } finally {
      server.close();
      if (stream != null) {
        try {
          stream.close();
        } catch (Exception e) {
          // cut by the server's close
        }
      }
    }
    return client;
  }

  private static void putBigStream(DataStreamFlightServer server, BufferAllocator allocator)
      throws Exception {
    try (FlightClient writer = FlightClient.builder(allocator, server.location()).build()) {
      // Batches large enough that gRPC's flow-control window fills: the server is mid-send when
      // the reader stops.
      FlightBadInputTest.putRows(writer, allocator, FlightDescriptor.path("s"), 30, 20_000, 0);
    }
  }

  private static org.apache.arrow.flight.Ticket ticket(FlightClient client) {
    return client.getInfo(FlightDescriptor.path("s")).getEndpoints().get(0).getTicket();
  }

  interface ServerRun {
    void run(BufferAllocator allocator) throws Exception;
  }

  private static void assertNoStackTraceLogged(ServerRun run) throws Exception {
    List<LogRecord> thrown = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getThrown() != null) {
              synchronized (thrown) {
                thrown.add(r);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(handler);
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (BufferAllocator allocator = ArrowMemory.newChild("early-close-test")) {
      run.run(allocator);
    } finally {
      System.setErr(oldErr);
      root.removeHandler(handler);
    }
    String log = err.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains("\tat "), "no stack trace in the server log:\n" + log);
    synchronized (thrown) {
      assertEquals(
          List.of(),
          thrown.stream()
              .map(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
              .toList(),
          "no java.util.logging record with a stack trace");
    }
  }
}
