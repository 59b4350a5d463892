package org.datastreamio.socket;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.PayloadBytes;
import org.datastreamio.spi.BatchSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one listening endpoint: an accept thread takes connections, one thread per connection reads
 * its Arrow IPC stream, and their batches meet in a small bounded queue, so a fast writer is slowed
 * to the pipeline's pace by TCP flow control rather than buffered without bound.
 *
 * <p>It ends after {@code streams} complete streams (then it stops accepting, so later writers are
 * refused); without {@code streams}, once {@code writes} DataStream writes sent their end-of-write
 * marker ({@link EndOfWrite}) and the connections under way have ended, or when no connection is
 * open and none came for {@code idleTimeout}. With {@code streams} given, that idle time before the
 * count is reached is an error. Any stream that is malformed or of another schema fails the whole
 * read; so does a truncated one, unless {@code truncated=drop}: then the connection is logged,
 * counted and left out of {@code streams}, and the batches it delivered before it broke stay
 * delivered (at least once).
 */
final class ListeningSource implements BatchSource {
  private static final Logger LOG = LoggerFactory.getLogger(ListeningSource.class);
  private static final int QUEUED_BATCHES = 4;
  private static final Duration POLL = Duration.ofMillis(50);

  /**
   * Put in the queue when a connection ends or the read is cancelled: the reading thread, waiting
   * for a batch, looks at once whether the read is over instead of at its next poll.
   */
  private static final VectorSchemaRoot WAKE = new VectorSchemaRoot(List.of(), List.of(), 0);

  private final Listener listener;
  private final SocketSettings settings;
  private final BufferAllocator allocator;
  private final int expected;
  private final SchemaAgreement agreement;
  private final BlockingQueue<VectorSchemaRoot> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final Set<IpcStreamIn> open = ConcurrentHashMap.newKeySet();
  private final List<Thread> readers = new CopyOnWriteArrayList<>();
  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  /** Names this read in its acknowledgements, so a marker meant for another read is ignored. */
  private final String readId;

  private final int endAfterWrites;

  /** Numbers of the connections whose stream arrived complete. */
  private final Set<Integer> completeStreams = ConcurrentHashMap.newKeySet();

  /** The streams each DataStream write announced in its end-of-write marker, by write id. */
  private final Map<String, Set<Integer>> endedWrites = new ConcurrentHashMap<>();

  private final Thread acceptor;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean stopAccepting;
  private volatile boolean closed;
  private volatile boolean cancelled;
  private VectorSchemaRoot root;
  private long batchBytes;

  private ListeningSource(
      Listener listener, SocketSettings settings, String readId, BufferAllocator allocator) {
    this.listener = listener;
    this.readId = readId;
    this.settings = settings;
    this.allocator = allocator;
    this.expected = settings.streamsPerPartition(SocketRole.LISTEN);
    this.endAfterWrites = settings.endAfterWrites();
    this.agreement = new SchemaAgreement(listener.endpoint().uri());
    this.acceptor = new Thread(this::acceptLoop, "datastream-socket-accept-" + listener.endpoint());
    acceptor.setDaemon(true);
  }

  /** Listens on one port (or socket file) of the read {@code readId}. */
  static ListeningSource open(
      SocketSettings settings, Endpoint endpoint, String readId, BufferAllocator allocator)
      throws IOException {
    ListeningSource source =
        new ListeningSource(Listener.bind(endpoint), settings, readId, allocator);
    source.acceptor.start();
    LOG.info(
        "Listening for Arrow IPC streams on {}{}",
        endpoint,
        source.expected > 0
            ? " (until " + source.expected + " streams)"
            : source.endAfterWrites > 0
                ? " (until "
                    + (source.endAfterWrites == 1
                        ? "its writer ends"
                        : source.endAfterWrites + " writes end")
                    + ", or idle for "
                    + settings.idleTimeout.toMillis()
                    + " ms)"
                : " (until idle for " + settings.idleTimeout.toMillis() + " ms)");
    return source;
  }

  private void acceptLoop() {
    try {
      while (!stopAccepting
          && !closed
          && (expected == 0 || completed.get() < expected)
          && !writesEnded()) {
        if (expected > 0 && completed.get() + active.get() >= expected) {
          // Enough streams under way; later writers wait in the backlog, in case one of these
          // turns out to be a probe that sends nothing.
          Thread.sleep(POLL.toMillis() / 5);
          continue;
        }
        SocketChannel channel = listener.accept(POLL);
        if (channel == null) {
          continue;
        }
        active.incrementAndGet();
        lastActivity = System.nanoTime();
        int n = accepted.incrementAndGet();
        String peer = describePeer(channel, n);
        Thread reader =
            new Thread(() -> readConnection(channel, n, peer), "datastream-socket-read-" + n);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        fail(
            new IOException(
                "Accepting connections on " + listener.endpoint() + " failed: " + e.getMessage(),
                e));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if ((expected > 0 && completed.get() >= expected) || writesEnded()) {
        closeListener(); // the count is reached: refuse further writers instead of leaving them
        // hanging
      }
    }
  }

  private void readConnection(SocketChannel channel, int n, String peer) {
    IpcStreamIn in = new IpcStreamIn(channel, peer, settings.idleTimeout, allocator);
    open.add(in);
    long rows = 0;
    try {
      Optional<EndOfWrite.Marker> marker = EndOfWrite.parse(in.schema());
      if (marker.isPresent()) {
        takeMarker(marker.get(), in, peer);
        return;
      }
      // A stream of no fields (what a DataStream writeBatches() of no batches sends so that the
      // read hears of its end) carries nothing to agree on, unless batches come after all.
      boolean fieldless = in.schema().getFields().isEmpty();
      if (!fieldless) {
        agreement.agree(in.schema(), peer);
      }
      while (in.next()) {
        if (fieldless) {
          agreement.agree(in.schema(), peer);
          fieldless = false;
        }
        VectorSchemaRoot batch = Batches.detach(in.root(), allocator);
        rows += batch.getRowCount();
        while (!queue.offer(batch, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          if (closed || failure.get() != null) {
            batch.close();
            return;
          }
        }
      }
      completeStreams.add(n);
      completed.incrementAndGet();
      // Recorded as complete before it is acknowledged: a marker naming it comes after the ack.
      in.reply(EndOfWrite.ack(readId, n, settings.endpoints));
      LOG.debug("Complete stream of {} batches from {}", in.batches(), peer);
    } catch (TruncatedStreamException e) {
      if (settings.truncated == TruncatedStreams.DROP && !closed && failure.get() == null) {
        dropped.incrementAndGet();
        LOG.warn(
            "Dropping the stream of {} (truncated=drop): it broke off without the end-of-stream marker after {} record"
                + " batches ({} rows), which stay delivered; the read goes on",
            peer,
            in.batches(),
            rows);
        LOG.debug("Dropped stream of {}: {}", peer, e.getMessage());
      } else {
        String message = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
        fail(
            new IOException(
                message
                    + " If the writers may be retried (a runner re-running a failed bundle sends"
                    + " its stream again), read with truncated=drop to skip such streams.",
                e));
      }
    } catch (IOException e) {
      if (in.sentNothing()) {
        LOG.debug("Ignoring {}: it closed without sending anything (a probe, not a stream)", peer);
      } else {
        fail(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new InterruptedIOException("Interrupted while reading from " + peer));
    } catch (RuntimeException | Error e) {
      fail(new IOException("Reading from " + peer + " failed: " + e, e));
    } finally {
      open.remove(in);
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("Closing {}: {}", peer, e.toString());
      }
      lastActivity = System.nanoTime();
      active.decrementAndGet();
      wake();
    }
  }

  /**
   * Records a DataStream write's end-of-write marker; one meant for another read (an earlier read
   * on this address) or cut short is ignored, and a repeated one (the runner retried the write's
   * last step) changes nothing.
   */
  private void takeMarker(EndOfWrite.Marker marker, IpcStreamIn in, String peer)
      throws IOException {
    if (in.next()) {
      LOG.warn("Ignoring the end-of-write marker of {}: it carries record batches", peer);
      return;
    }
    if (!marker.readId().equals(readId)) {
      LOG.info(
          "Ignoring the end of write {} from {}: it was meant for another read on this address",
          marker.writeId(),
          peer);
      return;
    }
    endedWrites.putIfAbsent(marker.writeId(), marker.streams());
    LOG.debug(
        "Write {} ended with {} streams to {}",
        marker.writeId(),
        marker.streams().size(),
        listener.endpoint());
  }

  /**
   * Whether enough DataStream writes have announced their end, each with every stream it announced
   * complete here (always the case for a marker sent after its streams' acknowledgements; checked
   * all the same, so a marker can never end a read short of what it announced).
   */
  private boolean writesEnded() {
    if (endAfterWrites == 0) {
      return false;
    }
    int ended = 0;
    for (Set<Integer> streams : endedWrites.values()) {
      if (completeStreams.containsAll(streams)) {
        ended++;
      }
    }
    return ended >= endAfterWrites;
  }

  private void fail(IOException e) {
    if (!closed && failure.compareAndSet(null, e)) {
      // Stop the other streams now: the read fails anyway, and they would only block on the queue.
      open.forEach(IpcStreamIn::abort);
      wake();
    }
  }

  private void throwIfCancelled() throws IOException {
    if (cancelled) {
      throw BatchSource.cancelledError("The read listening on " + listener.endpoint(), null);
    }
  }

  private void throwIfFailed() throws IOException {
    IOException e = failure.get();
    if (e != null) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public Schema schema() {
    try {
      while (agreement.schema() == null) {
        throwIfFailed();
        throwIfCancelled();
        if (finished()) {
          return new Schema(List.of()); // no stream came: nothing to read, in no particular shape
        }
        agreement.awaitSchema(POLL.toMillis());
      }
      return agreement.schema();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while waiting for a stream on " + listener.endpoint(), e);
    }
  }

  @Override
  public boolean next() throws IOException {
    if (closed) {
      throw new IllegalStateException("Socket source on " + listener.endpoint() + " is closed");
    }
    while (true) {
      throwIfFailed();
      throwIfCancelled();
      VectorSchemaRoot received = queue.poll();
      if (received == null) {
        if (finished()) {
          return false;
        }
        try {
          received = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("Interrupted while reading from " + listener.endpoint());
        }
      }
      if (received != null && received != WAKE) {
        try (VectorSchemaRoot batch = received) {
          if (root == null) {
            root = VectorSchemaRoot.create(agreement.schema(), allocator);
          }
          Batches.moveInto(batch, root);
          batchBytes = PayloadBytes.of(root);
        }
        return true;
      }
    }
  }

  /**
   * Tells a reading thread that waits for a batch to look again whether the read is over. When the
   * queue is full the wake is not needed: the thread takes a batch, and checks before it waits.
   */
  private void wake() {
    if (!queue.offer(WAKE)) {
      LOG.trace("The batch queue of {} is full; no wake needed", listener.endpoint());
    }
  }

  /**
   * Whether the read is over; throws when streams were expected and the idle time ran out first.
   */
  private boolean finished() throws IOException {
    queue.removeIf(r -> r == WAKE); // a wake only asks for this check: it is no batch
    if (expected > 0 && completed.get() >= expected && queue.isEmpty()) {
      // The acceptor closes the listener on its way out, so later writers are refused.
      stopAccepting();
      return true;
    }
    if (writesEnded()) {
      // No new connections; the ones under way end first (complete, dropped or failed), so a
      // stream that broke off before the marker came still fails the read.
      stopAccepting();
      if (active.get() == 0 && queue.isEmpty()) {
        throwIfFailed();
        return true;
      }
      return false;
    }
    if (active.get() == 0
        && queue.isEmpty()
        && System.nanoTime() - lastActivity > settings.idleTimeout.toNanos()) {
      stopAccepting();
      if (active.get() > 0 || !queue.isEmpty()) {
        return false; // a connection arrived while we were deciding
      }
      throwIfFailed();
      if (expected > 0) {
        throw new SocketTimeoutException(
            "Listening on "
                + listener.endpoint()
                + ": received "
                + completed.get()
                + " of "
                + expected
                + " expected streams (streams="
                + expected
                + "), then no connection for idleTimeout "
                + settings.idleTimeout.toMillis()
                + " ms. Check that every writer ran and dialled this address, lower 'streams', or raise 'idleTimeout'.");
      }
      return true;
    }
    return false;
  }

  private void stopAccepting() throws IOException {
    stopAccepting = true;
    listener.wakeup();
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while closing " + listener);
    }
    closeListener();
  }

  private void closeListener() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.warn("Closing {}: {}", listener, e.toString());
    }
  }

  /**
   * Null when a stream came, or when the writes ended without sending one here (a port of a range
   * that got none of the write's streams: rightly empty).
   */
  @Override
  public String whyNoFields() {
    if (agreement.schema() != null || writesEnded()) {
      return null;
    }
    return "no Arrow stream arrived on "
        + listener.endpoint()
        + " while it listened for idleTimeout "
        + settings.idleTimeout.toMillis()
        + " ms. Check that the writers ran and dialled this address, start them before"
        + " idleTimeout runs out, or raise 'idleTimeout'";
  }

  @Override
  public VectorSchemaRoot root() {
    if (root == null) {
      root = VectorSchemaRoot.create(schema(), allocator);
    }
    return root;
  }

  @Override
  public long batchBytes() {
    return batchBytes;
  }

  @Override
  public long droppedStreams() {
    return dropped.get();
  }

  /** Makes the reading thread's wait for a peer end now; it then closes the source. */
  @Override
  public void cancel() {
    cancelled = true;
    stopAccepting = true;
    listener.wakeup();
    wake();
  }

  /**
   * Releases the port and every batch even when the closing thread is interrupted (a cancelled
   * pipeline's): the waits below are short, as the acceptor polls and the readers are aborted.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stopAccepting = true;
    listener.wakeup();
    boolean interrupted = joinUninterruptibly(acceptor);
    closeListener();
    open.forEach(IpcStreamIn::abort);
    for (Thread reader : readers) {
      interrupted |= joinUninterruptibly(reader);
    }
    for (VectorSchemaRoot r; (r = queue.poll()) != null; ) {
      if (r != WAKE) {
        r.close();
      }
    }
    if (root != null) {
      root.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to ten seconds for {@code thread}; whether this thread was interrupted meanwhile. */
  private static boolean joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.isAlive()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        LOG.warn("{} did not stop within 10 s of closing its read", thread.getName());
        break;
      }
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  private String describePeer(SocketChannel channel, int n) {
    String to = listener.endpoint().uri();
    try {
      SocketAddress remote = channel.getRemoteAddress();
      if (remote instanceof InetSocketAddress) {
        InetSocketAddress inet = (InetSocketAddress) remote;
        return "connection "
            + n
            + " from "
            + inet.getAddress().getHostAddress()
            + ":"
            + inet.getPort()
            + " to "
            + to;
      }
    } catch (IOException e) {
      // name it without the remote address
    }
    return "connection " + n + " to " + to;
  }
}
