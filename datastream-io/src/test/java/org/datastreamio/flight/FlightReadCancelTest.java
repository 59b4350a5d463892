package org.datastreamio.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancelled pipeline lets go of a Flight read whose server stalls mid-stream: the read cancels
 * its DoGet (the server sees the cancellation) and releases its memory (checked by the test's
 * allocator and by the read's own, whose close would fail the cancel), instead of waiting for the
 * rest of the stream for as long as the server holds it.
 */
class FlightReadCancelTest extends FlightTestBase {
  private static final Schema SCHEMA =
      new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));

  @Test
  @Timeout(150)
  void cancellingThePipelineCancelsAStalledDoGet() throws Exception {
    StallingProducer producer = new StallingProducer();
    try (FlightServer server =
        FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), producer)
            .build()
            .start()) {
      Pipeline p = Pipelines.directNotBlocking();
      p.apply(
          DataStreamIO.readBatches().from("flight://127.0.0.1:" + server.getPort() + "/stalls"));
      PipelineResult result = p.run();
      try {
        assertTrue(producer.sent.await(60, TimeUnit.SECONDS), "the server sent its first batches");
        Pipelines.cancelBlockedReads(result);
        assertEquals(
            "cancelled by the reader",
            producer.outcome.get(90, TimeUnit.SECONDS),
            "what the stalled DoGet saw");
      } finally {
        producer.stop.countDown();
        result.cancel();
      }
    }
  }

  /** Sends three batches of one endpoint, then holds the DoGet open until it is cancelled. */
  private final class StallingProducer extends NoOpFlightProducer {
    final CountDownLatch sent = new CountDownLatch(1);
    final CountDownLatch stop = new CountDownLatch(1);
    final CompletableFuture<String> outcome = new CompletableFuture<>();

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
      return new FlightInfo(
          SCHEMA,
          descriptor,
          List.of(new FlightEndpoint(new Ticket("stalls".getBytes(StandardCharsets.UTF_8)))),
          -1,
          -1);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        listener.start(root);
        BigIntVector id = (BigIntVector) root.getVector("id");
        for (int b = 0; b < 3; b++) {
          id.allocateNew(100);
          for (int i = 0; i < 100; i++) {
            id.set(i, b * 100L + i);
          }
          root.setRowCount(100);
          listener.putNext();
        }
        sent.countDown();
        // Held open, as a stalled server would, until the reader cancels or the test ends.
        while (!listener.isCancelled() && !stop.await(10, TimeUnit.MILLISECONDS)) {
          // polls: a server call's cancellation is not delivered to a blocked handler otherwise
        }
        outcome.complete(listener.isCancelled() ? "cancelled by the reader" : "never cancelled");
        if (!listener.isCancelled()) {
          listener.completed();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcome.complete("interrupted");
      }
    }
  }
}
