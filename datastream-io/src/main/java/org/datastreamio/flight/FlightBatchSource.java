package org.datastreamio.flight;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.flight.FlightProtocol.PartTicket;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.Retry;

/**
 * Reads one endpoint with DoGet, trying its locations in order and then the stream's own server.
 * When the connection drops it reconnects: our server's tickets resume at the next batch; a foreign
 * endpoint is reread from its start only if nothing of it was returned yet.
 */
final class FlightBatchSource implements BatchSource {
  private static final String CANCELLED = "the read was cancelled";

  private final FlightClientPool pool;
  private final FlightTarget target;
  private final Partition partition;
  private final EndpointHandle handle;
  private final Optional<PartTicket> ours;
  private final Retry retry;
  private final long startBatch;
  private final long untilBatch;
  private long position;
  private FlightClientPool.Lease lease;

  /** Volatile for {@link #cancel()}, which cancels the call from another thread. */
  private volatile FlightStream stream;

  private volatile boolean cancelled;

  FlightBatchSource(
      FlightClientPool pool,
      FlightTarget target,
      Partition partition,
      long fromBatch,
      long untilBatch,
      Retry retry)
      throws IOException {
    this.pool = pool;
    this.target = target;
    this.partition = partition;
    this.handle = EndpointHandle.parse(partition.handle());
    this.ours = PartTicket.parse(handle.ticket);
    this.retry = retry;
    this.startBatch = fromBatch;
    this.untilBatch = untilBatch;
    this.position = fromBatch;
    retry.run(
        "Opening " + partition.name(),
        () -> {
          open();
          return null;
        },
        FlightErrors::isTransient);
  }

  /**
   * Connects at {@link #position}: the first location that answers wins; the origin is the last
   * resort.
   */
  private void open() throws IOException {
    List<Location> candidates = new ArrayList<>();
    for (URI u : handle.locations) {
      if (!u.getScheme().equals("arrow-flight-reuse-connection")) {
        candidates.add(new Location(u));
      }
    }
    if (!candidates.contains(target.origin)) {
      candidates.add(target.origin);
    }
    byte[] ticket =
        ours.map(t -> t.from(position).until(untilBatch).toBytes()).orElse(handle.ticket);
    RuntimeException last = null;
    for (Location location : candidates) {
      FlightClientPool.Lease l = pool.acquire(location, target.security);
      FlightStream s = null;
      try {
        s = l.client().getStream(new Ticket(ticket), l.options());
        s.getSchema(); // waits for the server's first answer, so a dead location fails here
        if (ours.isEmpty()) {
          for (long i = 0; i < position; i++) {
            if (!s.next()) {
              break;
            }
          }
        }
        lease = l;
        stream = s;
        if (cancelled) {
          cancelQuietly(s); // cancelled while connecting: the next read fails at once
        }
        return;
      } catch (RuntimeException e) {
        last = e;
        closeQuietly(s);
        if (FlightErrors.isTransient(e)) {
          pool.invalidate(l);
          l.close();
        } else {
          l.close();
          break;
        }
      }
    }
    throw last;
  }

  @Override
  public Schema schema() {
    return stream.getSchema();
  }

  /**
   * A foreign server (pyarrow's) may send dictionary-encoded columns; the stream holds their
   * dictionaries.
   */
  @Override
  public DictionaryProvider dictionaries() {
    return stream == null ? null : stream.getDictionaryProvider();
  }

  @Override
  public boolean next() throws IOException {
    throwIfCancelled(null);
    return retry.run(
        "Reading " + partition.name() + " at batch " + position,
        () -> {
          if (stream == null) {
            open();
          }
          try {
            boolean more = stream.next();
            if (more) {
              position++;
            }
            return more;
          } catch (RuntimeException e) {
            throwIfCancelled(e);
            if (FlightErrors.isTransient(e) && lease != null) {
              pool.invalidate(lease);
            }
            release();
            throw e;
          }
        },
        e ->
            !cancelled
                && FlightErrors.isTransient(e)
                && (ours.isPresent() || position == startBatch));
  }

  /**
   * Cancels the DoGet, so that a {@link #next()} waiting for the server's next batch fails at once
   * instead of reading the range to its end.
   */
  @Override
  public void cancel() {
    cancelled = true;
    FlightStream s = stream;
    if (s != null) {
      cancelQuietly(s);
    }
  }

  private static void cancelQuietly(FlightStream s) {
    try {
      s.cancel(CANCELLED, null);
    } catch (RuntimeException e) {
      // The call has ended already: the read returns what it has, or fails on its own.
    }
  }

  /** After {@link #cancel()}, says so rather than how the cancelled call failed. */
  private void throwIfCancelled(Exception cause) throws IOException {
    if (cancelled) {
      throw BatchSource.cancelledError(
          "Reading " + partition.name() + " from " + target + " at batch " + position, cause);
    }
  }

  @Override
  public VectorSchemaRoot root() {
    return stream.getRoot();
  }

  @Override
  public long batchBytes() {
    long n = 0;
    for (FieldVector v : stream.getRoot().getFieldVectors()) {
      n += v.getBufferSize();
    }
    return n;
  }

  @Override
  public void close() {
    release();
  }

  private void release() {
    closeQuietly(stream);
    stream = null;
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }

  private static void closeQuietly(FlightStream s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (Exception e) {
      // The stream failed or was cancelled; its buffers are released either way.
    }
  }
}
