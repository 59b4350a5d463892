package org.datastreamio.socket;

import java.io.IOException;
import java.net.BindException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.Retry;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.WrittenPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrow IPC streams over TCP ({@code socket://host:port}, {@code socket://host:first-last}) and
 * Unix domain sockets ({@code unix:///path/to.sock}): one complete stream per connection. See
 * docs/socket.md for the roles, the end-of-read rules and the at-least-once delivery.
 */
public final class SocketTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(SocketTransport.class);

  @Override
  public String name() {
    return "socket";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("socket", "unix");
  }

  @Override
  public Set<String> parameters() {
    return Set.of(
        SocketSettings.ROLE,
        SocketSettings.STREAMS,
        SocketSettings.IDLE_TIMEOUT,
        SocketSettings.CONNECT_TIMEOUT,
        SocketSettings.TRUNCATED,
        SocketSettings.WRITES,
        IpcCompression.PARAMETER,
        Retry.RETRIES);
  }

  @Override
  public void validate(StreamConfig config) {
    SocketSettings.of(config);
  }

  /**
   * A bundle that a runner retries sends its stream again; a listener cannot take back what it got.
   */
  @Override
  public DeliveryGuarantee deliveryGuarantee(StreamConfig config) {
    return DeliveryGuarantee.AT_LEAST_ONCE;
  }

  /** The schema arrives with the first stream; asking a producer for it would consume a stream. */
  @Override
  public Optional<Schema> discoverSchema(StreamConfig config, BufferAllocator allocator) {
    return Optional.empty();
  }

  @Override
  public BatchSink openSink(
      StreamConfig config, SinkContext context, Schema schema, BufferAllocator allocator)
      throws IOException {
    SocketSettings settings = SocketSettings.of(config);
    for (Field field : schema.getFields()) {
      if (field.getDictionary() != null) {
        throw new IllegalArgumentException(
            "Field '"
                + field.getName()
                + "' is dictionary-encoded; the socket transport sends plain"
                + " columns. Decode it before writing to "
                + config.location());
      }
    }
    List<Endpoint> endpoints = settings.endpoints;
    // Spread bundles over a port range by part id, so a consumer can read the ports in parallel.
    int first = Math.floorMod(context.partId().hashCode(), endpoints.size());
    if (settings.writeRole() == SocketRole.CONNECT) {
      Endpoint endpoint = endpoints.get(first);
      SocketSink sink =
          new SocketSink(
              endpoint,
              context.windowTag(),
              schema,
              settings,
              () -> Dialer.connect(endpoint, settings.connectTimeout, settings.retry),
              null);
      try {
        sink.open();
      } catch (IOException | RuntimeException e) {
        sink.abort();
        throw e;
      }
      return sink;
    }
    Listener listener =
        settings.retry.run(
            "Listening for a consumer on " + config.location(),
            () -> bindFirstFree(endpoints, first),
            e -> e instanceof BindException);
    return new SocketSink(
        listener.endpoint(),
        context.windowTag(),
        schema,
        settings,
        () -> firstConsumer(listener, settings),
        listener);
  }

  /** Several bundles of one listening write share a port range: each takes the next free port. */
  private static Listener bindFirstFree(List<Endpoint> endpoints, int first) throws IOException {
    BindException last = null;
    for (int i = 0; i < endpoints.size(); i++) {
      try {
        return Listener.bind(endpoints.get((first + i) % endpoints.size()));
      } catch (BindException e) {
        last = e;
      }
    }
    throw endpoints.size() == 1
        ? last
        : new BindException(
            "Every port of "
                + endpoints.get(0)
                + " to "
                + endpoints.get(endpoints.size() - 1)
                + " is in use (last: "
                + last.getMessage()
                + ")");
  }

  /**
   * A listening writer serves its stream to the first consumer that dials in, then stops listening.
   */
  private static SocketChannel firstConsumer(Listener listener, SocketSettings settings)
      throws IOException {
    SocketChannel channel = listener.accept(settings.idleTimeout);
    if (channel == null) {
      throw new SocketTimeoutException(
          "No consumer connected to "
              + listener.endpoint()
              + " within idleTimeout "
              + settings.idleTimeout.toMillis()
              + " ms: start the reader (role=connect) against this address, or raise 'idleTimeout'");
    }
    listener.close();
    return channel;
  }

  /** A dialling writer tells the listening reads that took its streams when it is over. */
  @Override
  public boolean announcesEndOfWrite(StreamConfig config) {
    return SocketSettings.of(config).writeRole() == SocketRole.CONNECT;
  }

  /**
   * Sends each DataStream listening read that acknowledged streams of this write its end-of-write
   * marker ({@link EndOfWrite}). Parts no such read acknowledged (a foreign listener took them) get
   * none. A read that has ended already refuses the marker, which is logged, not an error.
   */
  @Override
  public void endOfWrite(StreamConfig config, String writeId, List<WrittenPart> parts) {
    SocketSettings settings = SocketSettings.of(config);
    List<String> locations = new ArrayList<>();
    parts.forEach(p -> locations.add(p.location()));
    for (EndOfWrite.Acknowledged read : EndOfWrite.recipients(settings.endpoints, locations)) {
      Endpoint endpoint = read.endpoint();
      try {
        EndOfWrite.send(
            endpoint,
            settings.connectTimeout,
            settings.idleTimeout,
            EndOfWrite.marker(writeId, read));
        LOG.debug(
            "Sent the end of write {} ({} streams) to {}",
            writeId,
            read.streams().size(),
            endpoint);
      } catch (IOException | RuntimeException e) {
        LOG.info(
            "The end of write {} did not reach {} (its read may have ended already): {}",
            writeId,
            endpoint,
            e.getMessage());
      }
    }
  }

  @Override
  public List<Partition> listPartitions(StreamConfig config, BufferAllocator allocator) {
    List<Partition> partitions = new ArrayList<>();
    // One id for every port of this read: a write's end-of-write marker names it (EndOfWrite).
    String readId = UUID.randomUUID().toString();
    for (Endpoint endpoint : SocketSettings.of(config).endpoints) {
      byte[] handle =
          (readId + " " + new String(endpoint.encode(), StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
      partitions.add(Partition.whole(endpoint.uri(), handle, Partition.UNKNOWN, Partition.UNKNOWN));
    }
    return partitions;
  }

  @Override
  public BatchSource openEncodedSource(
      StreamConfig config,
      Partition partition,
      long fromBatch,
      long untilBatch,
      BufferAllocator allocator)
      throws IOException {
    if (fromBatch != 0) {
      throw new IOException(
          "Socket partition "
              + partition.name()
              + " cannot resume at batch "
              + fromBatch
              + ": a socket stream is read once, from its start");
    }
    SocketSettings settings = SocketSettings.of(config);
    String handle = new String(partition.handle(), StandardCharsets.UTF_8);
    int space = handle.indexOf(' ');
    String readId = handle.substring(0, space);
    Endpoint endpoint =
        Endpoint.decode(handle.substring(space + 1).getBytes(StandardCharsets.UTF_8));
    if (settings.readRole() == SocketRole.LISTEN) {
      return ListeningSource.open(settings, endpoint, readId, allocator);
    }
    return new ConnectingSource(settings, endpoint, allocator);
  }
}
