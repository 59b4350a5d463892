package org.datastreamio.flight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.flight.FlightProtocol.CommitRequest;
import org.datastreamio.flight.FlightProtocol.PartTicket;
import org.datastreamio.flight.FlightProtocol.StagedPut;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.LineageName;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.Retry;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.WrittenPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrow Flight: {@code flight://host:port/name}, {@code flight+tls://...}, {@code
 * flight+unix:///path.sock?stream=name}. Against a DataStream server, writes are exactly-once
 * (staged parts, one commit action) and reads split parts by batch; against any other Flight
 * server, writes are plain DoPuts (at-least-once) and every endpoint is read whole.
 */
public final class FlightTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(FlightTransport.class);
  static final String DELIVERY = "delivery";

  /**
   * A write's time to live for its stream on a DataStream server (exactly-once writes): e.g. 12h,
   * 7d.
   */
  static final String TTL = "ttl";

  private final FlightClientPool pool;

  public FlightTransport() {
    this(FlightClientPool.SHARED);
  }

  FlightTransport(FlightClientPool pool) {
    this.pool = pool;
  }

  @Override
  public String name() {
    return "flight";
  }

  @Override
  public Set<String> schemes() {
    return Set.of(FlightTarget.SCHEME, FlightTarget.SCHEME_TLS, FlightTarget.SCHEME_UNIX);
  }

  @Override
  public Set<String> parameters() {
    return Set.of(
        DELIVERY,
        TTL,
        FlightTarget.STREAM,
        FlightTarget.TIMEOUT,
        Retry.RETRIES,
        ClientSecurity.USER,
        ClientSecurity.PASSWORD + "File",
        ClientSecurity.PASSWORD + "Env",
        ClientSecurity.TOKEN + "File",
        ClientSecurity.TOKEN + "Env",
        ClientSecurity.CA_FILE,
        ClientSecurity.CERT_FILE,
        ClientSecurity.KEY_FILE);
  }

  @Override
  public void validate(StreamConfig config) {
    FlightTarget.of(config);
    requested(config);
    Retry.from(config);
    ttlSeconds(config);
  }

  /** The {@value #TTL} parameter in seconds, or -1 without one. */
  private static long ttlSeconds(StreamConfig config) {
    Optional<String> ttl = config.parameter(TTL);
    if (ttl.isEmpty()) {
      return -1;
    }
    try {
      return StreamConfig.parseDuration(ttl.get()).toSeconds();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Parameter '"
              + TTL
              + "' of stream "
              + config.location()
              + " must be a duration such as 30m, 12h or 7d (0: never expires), got '"
              + ttl.get()
              + "'");
    }
  }

  @Override
  public LineageName lineage(StreamConfig config) {
    FlightTarget t = FlightTarget.of(config);
    return LineageName.of(
        name(),
        t.origin.getUri().getAuthority() == null
            ? t.origin.getUri().getPath()
            : t.origin.getUri().getAuthority(),
        t.stream);
  }

  /** The guarantee asked for; empty means "the best the server offers". */
  private static Optional<DeliveryGuarantee> requested(StreamConfig config) {
    return Optional.ofNullable(config.enumParameter(DELIVERY, DeliveryGuarantee.class, null));
  }

  @Override
  public DeliveryGuarantee deliveryGuarantee(StreamConfig config) {
    Optional<DeliveryGuarantee> asked = requested(config);
    if (asked.isPresent()) {
      return asked.get();
    }
    FlightTarget target = FlightTarget.of(config);
    try {
      return supportsCommit(config, target)
          ? DeliveryGuarantee.EXACTLY_ONCE
          : DeliveryGuarantee.AT_LEAST_ONCE;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot reach "
              + target
              + " to learn whether it supports exactly-once writes ("
              + e.getMessage()
              + "). Start the server first, or set delivery=at-least-once or delivery=exactly-once.",
          e);
    }
  }

  /** Whether the server lists our commit action; asked once per pooled client. */
  private boolean supportsCommit(StreamConfig config, FlightTarget target) throws IOException {
    return call(
        config,
        target,
        "Listing the actions of " + target.origin.getUri(),
        lease -> {
          FlightClientPool.Entry entry = lease.entry();
          Boolean known = entry.exactlyOnce;
          if (known != null) {
            return known;
          }
          // Under the entry's lock, so writers opening together ask once, not once each.
          synchronized (entry) {
            return askedOnce(entry, lease, target);
          }
        });
  }

  private static boolean askedOnce(
      FlightClientPool.Entry entry, FlightClientPool.Lease lease, FlightTarget target) {
    if (entry.exactlyOnce == null) {
      boolean found = false;
      try {
        for (ActionType a : lease.client().listActions(lease.options(target.timeout))) {
          found |= a.getType().equals(FlightProtocol.COMMIT);
        }
      } catch (RuntimeException e) {
        if (FlightErrors.code(e) != FlightStatusCode.UNIMPLEMENTED) {
          throw e;
        }
      }
      if (!found) {
        LOG.warn(
            "Flight server {} does not support DataStream's commit protocol: writes to it are at-least-once"
                + " (a retried bundle can deliver its rows twice). Set delivery=at-least-once to silence this warning.",
            target.origin.getUri());
      }
      entry.exactlyOnce = found;
    }
    return entry.exactlyOnce;
  }

  @Override
  public Optional<DeliveryGuarantee> declaredDeliveryGuarantee(StreamConfig config) {
    return requested(config);
  }

  /**
   * Unless at-least-once is asked for: whether the server takes staged puts is only known at run
   * time.
   */
  @Override
  public boolean requiresCommit(StreamConfig config) {
    return requested(config).orElse(DeliveryGuarantee.EXACTLY_ONCE)
        == DeliveryGuarantee.EXACTLY_ONCE;
  }

  @Override
  public Optional<Schema> discoverSchema(StreamConfig config, BufferAllocator allocator)
      throws IOException {
    FlightTarget target = FlightTarget.of(config);
    return call(
        config,
        target,
        "Getting the schema of " + target,
        lease -> {
          try {
            return Optional.of(
                lease
                    .client()
                    .getSchema(target.descriptor(), lease.options(target.timeout))
                    .getSchema());
          } catch (RuntimeException e) {
            switch (FlightErrors.code(e)) {
              case NOT_FOUND:
                return Optional.<Schema>empty();
              case UNIMPLEMENTED:
                return lease
                    .client()
                    .getInfo(target.descriptor(), lease.options(target.timeout))
                    .getSchemaOptional();
              default:
                throw e;
            }
          }
        });
  }

  @Override
  public BatchSink openSink(
      StreamConfig config, SinkContext context, Schema schema, BufferAllocator allocator)
      throws IOException {
    FlightTarget target = FlightTarget.of(config);
    boolean staged = deliveryGuarantee(config) == DeliveryGuarantee.EXACTLY_ONCE;
    if (staged && !supportsCommit(config, target)) {
      throw new IOException(
          "Stream "
              + config.location()
              + " asks for delivery=exactly-once, but the Flight server at "
              + target.origin.getUri()
              + " does not offer DataStream's commit action. Use a DataStream server"
              + " (datastream serve) or set delivery=at-least-once.");
    }
    FlightDescriptor descriptor =
        staged
            ? FlightDescriptor.command(
                new StagedPut(
                        target.stream,
                        context.writeId(),
                        context.partId(),
                        context.windowTag(),
                        ttlSeconds(config))
                    .toBytes())
            : target.descriptor();
    String location = staged ? context.partId() : config.location();
    // No probe call per part: the put itself shows whether the server is there. Nothing of a put
    // is stored before its first batch, so one that fails before it can take data (server
    // unreachable or restarting) is retried, on a fresh channel, as single calls are.
    return retried(
        config,
        "Starting a DoPut to " + target,
        () -> {
          FlightClientPool.Lease lease = pool.acquire(target.origin, target.security);
          FlightBatchSink sink = null;
          try {
            sink =
                new FlightBatchSink(
                    lease, target, descriptor, location, context.windowTag(), schema, allocator);
            sink.awaitStarted();
            return sink;
          } catch (IOException | RuntimeException e) {
            if (FlightErrors.isTransient(e)) {
              pool.invalidate(lease);
            }
            if (sink != null) {
              sink.close(); // returns the lease
            } else {
              lease.close();
            }
            throw e;
          }
        });
  }

  @Override
  public List<WrittenPart> commit(
      StreamConfig config, String writeId, String windowTag, List<WrittenPart> parts)
      throws IOException {
    if (deliveryGuarantee(config) != DeliveryGuarantee.EXACTLY_ONCE) {
      return parts; // plain puts (a server without our commit action): already visible
    }
    FlightTarget target = FlightTarget.of(config);
    List<String> ids = new ArrayList<>();
    for (WrittenPart p : parts) {
      ids.add(p.location());
    }
    byte[] body = new CommitRequest(target.stream, writeId, windowTag, ids).toBytes();
    String answer =
        call(
            config,
            target,
            "Committing write " + writeId + " (" + ids.size() + " parts) to " + target,
            lease -> {
              Iterator<Result> results =
                  lease
                      .client()
                      .doAction(
                          new Action(FlightProtocol.COMMIT, body), lease.options(target.timeout));
              StringBuilder sb = new StringBuilder();
              results.forEachRemaining(
                  r -> sb.append(new String(r.getBody(), StandardCharsets.UTF_8)));
              return sb.toString();
            });
    LOG.info("Committed write {} to {}: {}", writeId, target, answer);
    return parts;
  }

  @Override
  public List<Partition> listPartitions(StreamConfig config, BufferAllocator allocator)
      throws IOException {
    FlightTarget target = FlightTarget.of(config);
    FlightInfo info;
    try {
      info =
          call(
              config,
              target,
              "Getting the endpoints of " + target,
              lease -> lease.client().getInfo(target.descriptor(), lease.options(target.timeout)));
    } catch (IOException e) {
      if (FlightErrors.code(e) == FlightStatusCode.NOT_FOUND) {
        throw new IOException(
            "There is no stream '"
                + target.stream
                + "' on "
                + target.origin.getUri()
                + " (nothing was written to it yet, or it was dropped): "
                + FlightErrors.describe(e),
            e);
      }
      throw e;
    }
    List<FlightEndpoint> endpoints = info.getEndpoints();
    List<Partition> out = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      FlightEndpoint endpoint = endpoints.get(i);
      byte[] handle = EndpointHandle.of(endpoint).toBytes();
      Optional<PartTicket> ours = PartTicket.parse(endpoint.getTicket().getBytes());
      if (ours.isPresent()) {
        PartTicket t = ours.get();
        out.add(
            Partition.splittable(
                config.location() + " part " + t.partId, handle, t.batches, t.bytes));
      } else {
        long bytes = info.getBytes() > 0 ? info.getBytes() / endpoints.size() : Partition.UNKNOWN;
        out.add(
            Partition.whole(
                config.location() + " endpoint " + i, handle, Partition.UNKNOWN, bytes));
      }
    }
    return out;
  }

  /**
   * Our server sends exactly the range (the ticket says where to stop); foreign endpoints are read
   * whole.
   */
  @Override
  public BatchSource openEncodedSource(
      StreamConfig config,
      Partition partition,
      long fromBatch,
      long untilBatch,
      BufferAllocator allocator)
      throws IOException {
    long until = untilBatch == Long.MAX_VALUE ? -1 : untilBatch;
    return new FlightBatchSource(
        pool, FlightTarget.of(config), partition, fromBatch, until, Retry.from(config));
  }

  /**
   * Runs an action on the server a Flight URI names (its stream name is not needed), with the URI's
   * security settings and retries; returns the concatenated result bodies. For the operations
   * commands ({@code datastream ls/drop/stats}).
   */
  public byte[] serverAction(StreamConfig config, String type, byte[] body) throws IOException {
    FlightTarget target = FlightTarget.server(config);
    return call(
        config,
        target,
        "Action '" + type + "' on " + target.origin.getUri(),
        lease -> {
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          lease
              .client()
              .doAction(new Action(type, body), lease.options(target.timeout))
              .forEachRemaining(r -> out.writeBytes(r.getBody()));
          return out.toByteArray();
        });
  }

  /**
   * One call with a pooled client, retried (on a fresh channel) while the server is unreachable.
   */
  private <T> T call(StreamConfig config, FlightTarget target, String what, Call<T> call)
      throws IOException {
    return retried(
        config,
        what,
        () -> {
          try (FlightClientPool.Lease lease = pool.acquire(target.origin, target.security)) {
            try {
              return call.run(lease);
            } catch (RuntimeException e) {
              if (FlightErrors.isTransient(e)) {
                pool.invalidate(lease);
              }
              throw e;
            }
          }
        });
  }

  /** Runs {@code attempt} with the URI's retries for transient failures; errors say what failed. */
  private static <T> T retried(StreamConfig config, String what, Retry.Attempt<T> attempt)
      throws IOException {
    try {
      return Retry.from(config).run(what, attempt, FlightErrors::isTransient);
    } catch (IOException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException) {
        throw new IOException(what + " failed: " + FlightErrors.describe(cause), cause);
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run(FlightClientPool.Lease lease) throws Exception;
  }
}
