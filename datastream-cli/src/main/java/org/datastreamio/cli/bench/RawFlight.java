package org.datastreamio.cli.bench;

import java.io.IOException;
import java.time.Duration;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.PutReadiness;
import org.datastreamio.server.DataStreamFlightServer;

/**
 * {@code raw_flight}: the Java transport ceiling. Arrow Java's FlightClient does one DoPut of the
 * pre-built batches to our Flight server, then a DoGet of every endpoint; no Beam, no conversion.
 */
final class RawFlight implements Contender {
  private static final Duration PUT_TIMEOUT = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "raw_flight";
  }

  @Override
  public String description() {
    return "Arrow Java FlightClient DoPut then DoGet of the pre-built batches, no Beam";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    try (DataStreamFlightServer server =
            DataStreamFlightServer.builder().host("127.0.0.1").port(0).start();
        BufferAllocator allocator = ArrowMemory.newChild("bench-raw-flight");
        FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
      FlightDescriptor descriptor = FlightDescriptor.path("raw");
      run.startClock();
      try (VectorSchemaRoot root = run.data.newRoot(allocator)) {
        VectorLoader loader = new VectorLoader(root);
        FlightClient.ClientStreamListener put =
            client.startPut(descriptor, root, new AsyncPutListener());
        for (ArrowRecordBatch batch : run.data.batches) {
          // Best practice for Arrow Java's DoPut, as our FlightBatchSink does: wait for the channel
          // parked, or putNext spins on gRPC's isReady and takes the CPU the server needs.
          if (!PutReadiness.await(put, PUT_TIMEOUT, () -> {})) {
            throw new IOException(
                "raw_flight: the server took no data for " + PUT_TIMEOUT.toSeconds() + " s");
          }
          loader.load(batch);
          put.putNext();
        }
        put.completed();
        put.getResult();
      }
      long rows = 0;
      FlightInfo info = client.getInfo(descriptor);
      for (FlightEndpoint endpoint : info.getEndpoints()) {
        try (FlightStream stream = client.getStream(endpoint.getTicket())) {
          while (stream.next()) {
            rows += stream.getRoot().getRowCount();
          }
        }
      }
      return rows;
    }
  }
}
