package org.datastreamio.flight;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.WrittenPart;

/**
 * One bundle's DoPut. Each batch is sent from the caller's own buffers, and only when the channel
 * is ready, so at most a batch or two per sink is in flight whatever the stream's size. A failure
 * the server reports shows up at the next write, not only at the end.
 */
final class FlightBatchSink implements BatchSink {
  private final FlightClientPool.Lease lease;
  private final FlightTarget target;
  private final String partLocation;
  private final String windowTag;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final VectorLoader loader;
  private final Outcome outcome = new Outcome();
  private final FlightClient.ClientStreamListener put;
  private long rows;
  private long batches;
  private long bytes;
  private boolean done;

  FlightBatchSink(
      FlightClientPool.Lease lease,
      FlightTarget target,
      FlightDescriptor descriptor,
      String partLocation,
      String windowTag,
      Schema schema,
      BufferAllocator allocator) {
    this.lease = lease;
    this.target = target;
    this.partLocation = partLocation;
    this.windowTag = windowTag;
    this.allocator = allocator;
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.loader = new VectorLoader(root);
    try {
      this.put = lease.client().startPut(descriptor, root, outcome, lease.options());
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
    // putNext must copy the batch into gRPC's frames before it returns: the sink sends from the
    // caller's
    // buffers, which the caller may overwrite once write() returns.
    put.setUseZeroCopy(false);
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    if (batch.getRowCount() == 0) {
      return;
    }
    awaitReady();
    try (ArrowRecordBatch view = new VectorUnloader(batch).getRecordBatch()) {
      loader.load(view);
      bytes += view.computeBodyLength();
    }
    try {
      put.putNext();
    } finally {
      // putNext has copied the batch into gRPC's frames (zero-copy is off, see the constructor), so
      // the
      // caller's buffers are let go now: it may reuse its root.
      root.clear();
    }
    rows += batch.getRowCount();
    batches++;
  }

  /**
   * Waits until the put can take its first batch. A failure before then is thrown as the channel's
   * or server's own error: nothing of the put is stored yet, so the caller may retry it.
   */
  void awaitStarted() throws IOException {
    try {
      awaitReady();
    } catch (IOException e) {
      if (e.getCause() instanceof RuntimeException && e.getCause() == outcome.error) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /** Waits until gRPC takes more data; fails early if the server already rejected the put. */
  private void awaitReady() throws IOException {
    try {
      if (!PutReadiness.await(put, target.timeout, () -> outcome.throwIfFailed(this))) {
        throw new IOException(
            "Writing to "
                + target
                + ": the server took no data for "
                + target.timeout.toSeconds()
                + " s (raise the 'timeout' parameter if it is just slow)");
      }
    } catch (InterruptedIOException e) {
      throw new InterruptedIOException("Interrupted while writing to " + target);
    }
  }

  @Override
  public WrittenPart finish() throws IOException {
    done = true;
    put.completed();
    try {
      put.getResult();
    } catch (RuntimeException e) {
      invalidateIfDead(e);
      throw FlightErrors.toIOException("Writing " + rows + " rows to " + target, e);
    }
    return WrittenPart.of(partLocation, windowTag, rows, batches, bytes);
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      // Cancels the call: the server discards everything this put sent.
      put.error(new CancellationException("bundle failed"));
    } catch (RuntimeException e) {
      // best effort
    }
  }

  /** A put that failed because its connection went away leaves the next bundle a fresh channel. */
  private void invalidateIfDead(Throwable e) {
    if (FlightErrors.isTransient(e)) {
      lease.invalidate();
    }
  }

  @Override
  public void close() {
    abort();
    try {
      root.close();
    } finally {
      lease.close();
    }
  }

  /** Collects the server's answer to the put. */
  private static final class Outcome implements FlightClient.PutListener {
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable error;

    @Override
    public void onNext(PutResult val) {
      val.close();
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      finished.countDown();
    }

    @Override
    public void onCompleted() {
      finished.countDown();
    }

    /**
     * True once the server ended the call. Arrow's putNext spins until the channel is ready or this
     * says the call is over; without it, a put the server rejected would spin forever.
     */
    @Override
    public boolean isCancelled() {
      return finished.getCount() == 0;
    }

    @Override
    public void getResult() {
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "Interrupted while waiting for the server to confirm the put", e);
      }
      if (error instanceof RuntimeException) {
        throw (RuntimeException) error;
      }
      if (error != null) {
        throw new IllegalStateException(error);
      }
    }

    void throwIfFailed(FlightBatchSink sink) throws IOException {
      if (error != null) {
        sink.done = true;
        sink.invalidateIfDead(error);
        throw FlightErrors.toIOException("Writing to " + sink.target, error);
      }
    }
  }
}
