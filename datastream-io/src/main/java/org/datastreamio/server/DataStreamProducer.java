package org.datastreamio.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.flight.ArrowBatchCopy;
import org.datastreamio.flight.FlightProtocol;
import org.datastreamio.flight.FlightProtocol.CommitRequest;
import org.datastreamio.flight.FlightProtocol.PartTicket;
import org.datastreamio.flight.FlightProtocol.StagedPut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Flight methods of the DataStream server, on top of a {@link StreamStore}. */
final class DataStreamProducer implements FlightProducer {
  private static final Logger LOG = LoggerFactory.getLogger(DataStreamProducer.class);

  /** How long a DoGet waits for a reader that stopped reading before giving up on it. */
  private static final long READER_STALL_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final StreamStore store;
  private final BufferAllocator transportAllocator;
  private final List<Location> advertised;

  /** Where parts are kept as Arrow IPC files, or null to keep them in memory. */
  private final Path spillDir;

  private final ServerActivity activity;
  private final DiskBudget disk;

  /** Whether part files are fsynced before a DoPut ends (a durable server's staging area). */
  private final boolean durable;

  /**
   * Set when the server closes: DoGets still waiting on their readers end instead of holding their
   * parts.
   */
  private volatile boolean shuttingDown;

  DataStreamProducer(
      StreamStore store,
      BufferAllocator transportAllocator,
      List<Location> advertised,
      Path spillDir,
      boolean durable,
      ServerActivity activity,
      DiskBudget disk) {
    this.store = store;
    this.transportAllocator = transportAllocator;
    this.advertised = List.copyOf(advertised);
    this.spillDir = spillDir;
    this.durable = durable;
    this.activity = activity;
    this.disk = disk;
  }

  /**
   * The {@code stats} answer: the store's streams and figures, memory in use, and what is running.
   */
  Map<String, Object> stats(Optional<String> stream) {
    Map<String, Object> m = store.stats(stream);
    m.put(
        "memoryInUseBytes",
        store.allocator().getAllocatedMemory() + transportAllocator.getAllocatedMemory());
    m.put("diskUsedBytes", disk.used());
    if (disk.max() != Long.MAX_VALUE) {
      m.put("diskLimitBytes", disk.max());
    }
    m.put("connections", activity.connections());
    m.put("putsInFlight", activity.inFlight(ServerActivity.DO_PUT));
    m.put("getsInFlight", activity.inFlight(ServerActivity.DO_GET));
    return m;
  }

  /**
   * Makes every DoGet that waits on its reader end now, releasing its part (see {@link
   * ReaderBackpressure}).
   */
  void stopSending() {
    shuttingDown = true;
  }

  @Override
  public Runnable acceptPut(
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        receive(flightStream);
        ackStream.onCompleted();
      } catch (FlightRuntimeException e) {
        ackStream.onError(e);
      } catch (RuntimeException e) {
        LOG.warn("DoPut failed", e);
        ackStream.onError(
            CallStatus.INTERNAL
                .withDescription("DoPut failed on the server: " + e)
                .withCause(e)
                .toRuntimeException());
      }
    };
  }

  private void receive(FlightStream flightStream) {
    FlightDescriptor descriptor = flightStream.getDescriptor();
    Optional<StagedPut> staged = Optional.empty();
    String name;
    if (descriptor.isCommand()) {
      staged = StagedPut.parse(descriptor.getCommand());
      if (staged.isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription(
                "This server accepts DoPut with a path descriptor naming the stream (e.g. FlightDescriptor.for_path('name'));"
                    + " the command descriptor given is not one it knows")
            .toRuntimeException();
      }
      name = staged.get().stream;
    } else {
      name = streamName(descriptor);
    }
    Schema schema = flightStream.getSchema();
    StoredStream stream = store.beginPut(name, schema);
    // The server names every part itself: a writer's part ids are unique only within its write, and
    // tickets must name one part of the stream. The writer's id stays the key of the staged part.
    String id = UUID.randomUUID().toString();
    try {
      StoredPart part;
      try {
        part =
            spillDir == null
                ? receiveInMemory(flightStream, id, name)
                : receiveToDisk(flightStream, id, name);
      } catch (FlightRuntimeException e) {
        if (staged.isPresent()
            && e.status().code() == org.apache.arrow.flight.FlightStatusCode.RESOURCE_EXHAUSTED) {
          // The write cannot complete: free what it staged now, not after --abandon-after.
          store.failWrite(stream, staged.get(), "a DoPut hit the server's limit");
        }
        throw e;
      }
      if (staged.isPresent()) {
        store.stage(stream, staged.get(), part);
      } else if (part.batchCount() > 0) {
        store.append(stream, part);
      } else {
        part.release();
      }
    } catch (RuntimeException e) {
      store.endPut(stream);
      store.forgetIfUnused(stream);
      throw e;
    }
    store.endPut(stream);
  }

  /** Copies every batch into the capped allocator; on any failure nothing of the DoPut is kept. */
  private MemoryPart receiveInMemory(FlightStream flightStream, String id, String name) {
    MemoryPart part = new MemoryPart(id);
    try {
      while (flightStream.next()) {
        VectorSchemaRoot root = flightStream.getRoot();
        if (root.getRowCount() == 0) {
          continue;
        }
        try {
          part.add(ArrowBatchCopy.copy(root, store.allocator()));
        } catch (OutOfMemoryException e) {
          BufferAllocator a = store.allocator();
          long staged = store.stagedBytes();
          long thisPut = part.bytes();
          throw CallStatus.RESOURCE_EXHAUSTED
              .withDescription(
                  "Server memory limit reached: the limit is "
                      + a.getLimit()
                      + " bytes and "
                      + a.getAllocatedMemory()
                      + " are in use (this DoPut "
                      + thisPut
                      + ", staged parts of uncommitted exactly-once writes "
                      + staged
                      + ", the rest stored streams and reads), so a batch of "
                      + root.getRowCount()
                      + " rows for stream '"
                      + name
                      + "' does not fit. Nothing of this DoPut was stored"
                      + (thisPut > a.getLimit() / 2
                          ? "; this one write is larger than the server holds: write it in smaller streams or"
                          : staged > a.getLimit() / 2
                              ? "; most memory is held by uncommitted writes, freed when they commit"
                                  + " or fail: retry after they end, or"
                              : ". Drop streams that were read, or")
                      + " restart the server with a larger --memory-limit (or a --spill-dir).")
              .toRuntimeException();
        }
      }
      return part;
    } catch (RuntimeException e) {
      part.release();
      throw e;
    }
  }

  /**
   * Writes the batches straight into a spill file as they arrive; a failed DoPut leaves no file.
   */
  private SpilledPart receiveToDisk(FlightStream flightStream, String id, String name) {
    SpilledPart.Writer writer;
    try {
      writer = new SpilledPart.Writer(id, spillDir, flightStream.getRoot(), disk);
    } catch (DiskBudget.ExceededException e) {
      throw diskLimit(name, e);
    } catch (IOException e) {
      throw CallStatus.INTERNAL
          .withDescription(
              "Cannot create a spill file in "
                  + spillDir
                  + " for stream '"
                  + name
                  + "': "
                  + e.getMessage())
          .toRuntimeException();
    }
    try {
      while (flightStream.next()) {
        if (flightStream.getRoot().getRowCount() > 0) {
          writer.write(flightStream.getRoot());
        }
      }
      return writer.finish(durable);
    } catch (DiskBudget.ExceededException e) {
      writer.abort();
      throw diskLimit(name, e);
    } catch (IOException e) {
      writer.abort();
      throw CallStatus.INTERNAL
          .withDescription(
              "Cannot write the spill file of stream '"
                  + name
                  + "' in "
                  + spillDir
                  + " (disk full?): "
                  + e.getMessage()
                  + ". Nothing of this DoPut was stored.")
          .toRuntimeException();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  private static FlightRuntimeException diskLimit(String name, DiskBudget.ExceededException e) {
    return CallStatus.RESOURCE_EXHAUSTED
        .withDescription(
            "Cannot store a write to stream '"
                + name
                + "': "
                + e.getMessage()
                + ". Nothing of this DoPut was stored; committed streams are unaffected. Drop streams that were read, or"
                + " restart the server with a larger --max-disk.")
        .toRuntimeException();
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    Optional<PartTicket> parsed = PartTicket.parse(ticket.getBytes());
    if (parsed.isEmpty()) {
      listener.error(
          CallStatus.INVALID_ARGUMENT
              .withDescription("Unknown ticket: take tickets from GetFlightInfo of this server")
              .toRuntimeException());
      return;
    }
    PartTicket t = parsed.get();
    Optional<StoredPart> part = store.retainPart(t.stream, t.partId);
    Optional<Schema> schema = store.schema(t.stream);
    if (part.isEmpty() || schema.isEmpty()) {
      part.ifPresent(StoredPart::release);
      listener.error(
          CallStatus.NOT_FOUND
              .withDescription(
                  "Part "
                      + t.partId
                      + " of stream '"
                      + t.stream
                      + "' is not on this server (dropped, or the server restarted); call GetFlightInfo again")
              .toRuntimeException());
      return;
    }
    if (t.fromBatch < 0 || t.fromBatch > part.get().batchCount()) {
      part.get().release();
      listener.error(
          CallStatus.INVALID_ARGUMENT
              .withDescription(
                  "The ticket asks for part "
                      + t.partId
                      + " of stream '"
                      + t.stream
                      + "' from batch "
                      + t.fromBatch
                      + ", but the part has "
                      + part.get().batchCount()
                      + " batches: take tickets from GetFlightInfo of this server")
              .toRuntimeException());
      return;
    }
    try (StoredPart.Cursor cursor = part.get().open(schema.get(), transportAllocator)) {
      send(cursor, part.get(), t, listener);
    } catch (IOException e) {
      listener.error(
          CallStatus.INTERNAL
              .withDescription(
                  "Cannot read part "
                      + t.partId
                      + " of stream '"
                      + t.stream
                      + "': "
                      + e.getMessage())
              .toRuntimeException());
    } finally {
      part.get().release();
    }
  }

  private void send(
      StoredPart.Cursor cursor, StoredPart part, PartTicket t, ServerStreamListener listener)
      throws IOException {
    int batches = part.batchCount();
    ReaderBackpressure backpressure =
        new ReaderBackpressure(listener, READER_STALL_MILLIS, () -> shuttingDown);
    // A batch in memory goes to the socket from its own buffers, without a copy into gRPC's frames.
    listener.setUseZeroCopy(part.sendsWithoutCopy());
    listener.start(cursor.root());
    long end = t.end(batches);
    for (long i = Math.max(0, t.fromBatch); i < end; i++) {
      // Send only when the reader's channel is ready: nothing is buffered towards a slow reader.
      ReaderBackpressure.Outcome ready = backpressure.await();
      if (ready == ReaderBackpressure.Outcome.CANCELLED) {
        return;
      }
      if (ready == ReaderBackpressure.Outcome.SHUTDOWN) {
        listener.error(
            CallStatus.UNAVAILABLE
                .withDescription(
                    "The server is shutting down; stream '"
                        + t.stream
                        + "' was sent up to batch "
                        + i
                        + " of part "
                        + t.partId)
                .toRuntimeException());
        return;
      }
      if (ready == ReaderBackpressure.Outcome.STALLED) {
        listener.error(
            CallStatus.TIMED_OUT
                .withDescription(
                    "The reader of stream '"
                        + t.stream
                        + "' took no data for "
                        + TimeUnit.MILLISECONDS.toSeconds(READER_STALL_MILLIS)
                        + " s")
                .toRuntimeException());
        return;
      }
      if (part.dropped()) {
        // Dropped (or expired) while this read ran: end it, so the part's memory or file is freed
        // now.
        listener.error(
            CallStatus.NOT_FOUND
                .withDescription(
                    "Stream '"
                        + t.stream
                        + "' was dropped or expired while"
                        + " this read ran (after batch "
                        + i
                        + " of part "
                        + t.partId
                        + "); its data is gone")
                .toRuntimeException());
        return;
      }
      cursor.load((int) i);
      listener.putNext();
    }
    listener.completed();
  }

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    return info(streamName(descriptor), descriptor);
  }

  @Override
  public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
    String name = streamName(descriptor);
    return new SchemaResult(store.schema(name).orElseThrow(() -> notFound(name)));
  }

  @Override
  public void listFlights(
      CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    for (String name : store.names()) {
      try {
        listener.onNext(info(name, FlightDescriptor.path(name)));
      } catch (FlightRuntimeException e) {
        // dropped while listing
      }
    }
    listener.onCompleted();
  }

  private FlightInfo info(String name, FlightDescriptor descriptor) {
    Schema schema = store.schema(name).orElseThrow(() -> notFound(name));
    List<StreamStore.PartInfo> parts = store.parts(name).orElseThrow(() -> notFound(name));
    List<FlightEndpoint> endpoints = new ArrayList<>();
    // Readers learn when the stream (so every ticket of it) stops being served.
    java.util.OptionalLong expires = store.expiresAt(name);
    Location[] locations = advertised.toArray(new Location[0]);
    long rows = 0;
    long bytes = 0;
    for (StreamStore.PartInfo p : parts) {
      Ticket ticket =
          new Ticket(new PartTicket(name, p.id, 0, p.batches, p.rows, p.bytes).toBytes());
      endpoints.add(
          expires.isPresent()
              ? new FlightEndpoint(
                  ticket, java.time.Instant.ofEpochMilli(expires.getAsLong()), locations)
              : new FlightEndpoint(ticket, locations));
      rows += p.rows;
      bytes += p.bytes;
    }
    return new FlightInfo(schema, descriptor, endpoints, bytes, rows);
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    try {
      byte[] body = action.getBody() == null ? new byte[0] : action.getBody();
      Object answer;
      switch (action.getType()) {
        case FlightProtocol.COMMIT:
          answer = store.commit(CommitRequest.parse(body));
          break;
        case FlightProtocol.DROP:
          {
            // The body exactly first, so any stream that exists can be dropped (one a durable
            // server
            // recovered from before names were checked included); then trimmed, as typed at a
            // shell.
            String exact = new String(body, StandardCharsets.UTF_8);
            String name = exact.trim();
            if (name.isEmpty()) {
              throw CallStatus.INVALID_ARGUMENT
                  .withDescription("Action 'drop' needs the stream name as its body")
                  .toRuntimeException();
            }
            if (!exact.equals(name) && store.drop(exact)) {
              answer = Map.of("stream", exact, "dropped", true);
            } else {
              answer = Map.of("stream", name, "dropped", store.drop(name));
            }
            break;
          }
        case FlightProtocol.STATS:
          {
            String name = new String(body, StandardCharsets.UTF_8).trim();
            answer = stats(name.isEmpty() ? Optional.empty() : Optional.of(name));
            break;
          }
        case FlightProtocol.TTL:
          {
            com.fasterxml.jackson.databind.JsonNode n;
            try {
              n = FlightProtocol.readJson(body);
            } catch (IOException e) {
              n = null;
            }
            if (n == null
                || !n.hasNonNull("stream")
                || !n.path("ttlSeconds").canConvertToLong()
                || n.get("ttlSeconds").asLong() < 0) {
              throw CallStatus.INVALID_ARGUMENT
                  .withDescription(
                      "Action '"
                          + FlightProtocol.TTL
                          + "' needs a JSON body"
                          + " {\"stream\": NAME, \"ttlSeconds\": N} with N >= 0 (0: the stream never expires)")
                  .toRuntimeException();
            }
            String name = n.get("stream").asText();
            java.util.OptionalLong at =
                store.setTtl(name, java.time.Duration.ofSeconds(n.get("ttlSeconds").asLong()));
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("stream", name);
            m.put("ttlSeconds", n.get("ttlSeconds").asLong());
            if (at.isPresent()) {
              m.put("expiresAtMillis", at.getAsLong());
            }
            answer = m;
            break;
          }
        default:
          throw CallStatus.UNIMPLEMENTED
              .withDescription(
                  "Unknown action '"
                      + action.getType()
                      + "'; this server knows "
                      + FlightProtocol.DROP
                      + ", "
                      + FlightProtocol.STATS
                      + ", "
                      + FlightProtocol.TTL
                      + " and "
                      + FlightProtocol.COMMIT)
              .toRuntimeException();
      }
      listener.onNext(new Result(FlightProtocol.toJson(answer)));
      listener.onCompleted();
    } catch (FlightRuntimeException e) {
      listener.onError(e);
    } catch (Exception e) {
      listener.onError(
          CallStatus.INVALID_ARGUMENT
              .withDescription("Action '" + action.getType() + "' failed: " + e.getMessage())
              .withCause(e)
              .toRuntimeException());
    }
  }

  @Override
  public void listActions(CallContext context, StreamListener<ActionType> listener) {
    listener.onNext(
        new ActionType(
            FlightProtocol.DROP,
            "Removes a stream and frees its memory. Body: the stream name (UTF-8)."));
    listener.onNext(
        new ActionType(
            FlightProtocol.STATS,
            "JSON with rows, bytes and parts per stream and the server's memory use. Body: a stream name, or empty for all."));
    listener.onNext(
        new ActionType(
            FlightProtocol.TTL,
            "Sets how long a stream lives after its last write (then it is dropped). Body: JSON {stream, ttlSeconds};"
                + " 0 means never."));
    listener.onNext(
        new ActionType(
            FlightProtocol.COMMIT,
            "Exactly-once writes: makes the listed staged parts of a write visible at once and discards the write's other"
                + " staged parts. Body: JSON {stream, writeId, windowTag, parts}. Idempotent."));
    listener.onCompleted();
  }

  private static String streamName(FlightDescriptor descriptor) {
    if (descriptor.isCommand() || descriptor.getPath().isEmpty()) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription(
              "Name the stream with a path descriptor, e.g. FlightDescriptor.for_path('name')")
          .toRuntimeException();
    }
    return String.join("/", descriptor.getPath());
  }

  private static FlightRuntimeException notFound(String name) {
    return CallStatus.NOT_FOUND
        .withDescription(
            "No stream '" + name + "' on this server; ListFlights shows the streams it has")
        .toRuntimeException();
  }
}
