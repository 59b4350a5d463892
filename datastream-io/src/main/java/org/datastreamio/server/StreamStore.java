package org.datastreamio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.flight.FlightProtocol.CommitRequest;
import org.datastreamio.flight.FlightProtocol.StagedPut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's streams in memory. Every batch lives in one allocator whose limit is the server's memory
 * cap. A DoPut builds its part privately and hands it over whole, so readers never see half a part; a
 * staged part becomes visible only through {@link #commit}.
 */
final class StreamStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamStore.class);

  private final BufferAllocator allocator;
  private final long abandonAfterNanos;
  private final Map<String, StoredStream> streams = new TreeMap<>();

  StreamStore(BufferAllocator allocator, Duration abandonAfter) {
    this.allocator = allocator;
    this.abandonAfterNanos = abandonAfter.toNanos();
  }

  BufferAllocator allocator() {
    return allocator;
  }

  /** A view of a stream's visible parts, for GetFlightInfo and ListFlights. */
  static final class PartInfo {
    final String id;
    final long batches;
    final long rows;
    final long bytes;

    PartInfo(StoredPart p) {
      this.id = p.id();
      this.batches = p.batchCount();
      this.rows = p.rows();
      this.bytes = p.bytes();
    }
  }

  /** Registers a DoPut of {@code schema} into {@code name}; the caller must call {@link #endPut}. */
  synchronized StoredStream beginPut(String name, Schema schema) {
    StoredStream s = streams.get(name);
    if (s == null) {
      s = new StoredStream(name, schema);
      streams.put(name, s);
    } else if (!s.schema.getFields().equals(schema.getFields())) {
      if (!s.isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT.withDescription(
            "Stream '" + name + "' holds data of schema " + s.schema + ", but this write has schema " + schema
                + ". Write to another stream, or drop '" + name + "' first (action 'drop').")
            .toRuntimeException();
      }
      s.schema = schema;
    }
    s.activePuts++;
    return s;
  }

  synchronized void endPut(StoredStream s) {
    s.activePuts--;
  }

  /** Makes a plain (path descriptor) DoPut's part visible at once. */
  synchronized void append(StoredStream s, StoredPart part) {
    if (streams.get(s.name) != s) {
      part.release();
      throw CallStatus.NOT_FOUND.withDescription("Stream '" + s.name + "' was dropped while this DoPut ran; nothing was stored")
          .toRuntimeException();
    }
    s.parts.add(part);
  }

  /** Keeps an exactly-once DoPut's part invisible until its write commits. */
  synchronized void stage(StoredStream s, StagedPut put, StoredPart part) {
    String key = StoredStream.writeKey(put.writeId, put.windowTag);
    if (streams.get(s.name) != s || s.committed.containsKey(key)) {
      // A straggler of a write that was dropped or has already committed: it must never become visible.
      LOG.info("Discarding part {} of write {}: the write is already committed or its stream was dropped", put.partId, put.writeId);
      part.release();
      return;
    }
    StoredStream.StagedWrite write = s.staged.computeIfAbsent(key, k -> new StoredStream.StagedWrite());
    StoredPart previous = write.parts.put(put.partId, part);
    if (previous != null) {
      previous.release();
    }
    write.lastActivityNanos = System.nanoTime();
  }

  /**
   * Makes exactly the listed parts visible and discards the write's other staged parts, atomically.
   * Idempotent: a repeated commit of the same write answers as the first did.
   */
  synchronized Map<String, Object> commit(CommitRequest request) {
    String key = StoredStream.writeKey(request.writeId, request.windowTag);
    StoredStream s = streams.get(request.stream);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stream", request.stream);
    result.put("writeId", request.writeId);
    if (s == null) {
      if (request.partIds.isEmpty()) {
        result.put("committedParts", 0);
        return result;
      }
      throw CallStatus.NOT_FOUND.withDescription("Cannot commit write " + request.writeId + ": stream '" + request.stream
          + "' does not exist on this server (dropped, or the server restarted and lost its staged parts). Rerun the write.")
          .toRuntimeException();
    }
    Set<String> already = s.committed.get(key);
    if (already != null) {
      if (!already.equals(new HashSet<>(request.partIds))) {
        throw CallStatus.INVALID_ARGUMENT.withDescription("Write " + request.writeId + " of stream '" + request.stream
            + "' was already committed with other parts " + already + " than now " + request.partIds).toRuntimeException();
      }
      result.put("committedParts", already.size());
      result.put("alreadyCommitted", true);
      return result;
    }
    StoredStream.StagedWrite write = s.staged.get(key);
    List<String> missing = new ArrayList<>();
    for (String id : request.partIds) {
      if (write == null || !write.parts.containsKey(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw CallStatus.NOT_FOUND.withDescription("Cannot commit write " + request.writeId + " of stream '" + request.stream
          + "': parts " + missing + " are not staged on this server (the server restarted, or the write was abandoned"
          + " and cleaned up). Nothing of this write is visible; rerun it.").toRuntimeException();
    }
    s.staged.remove(key);
    long rows = 0;
    for (String id : request.partIds) {
      StoredPart part = write.parts.remove(id);
      rows += part.rows();
      s.parts.add(part);
    }
    int discarded = write.parts.size();
    write.parts.values().forEach(StoredPart::release);
    s.committed.put(key, new HashSet<>(request.partIds));
    result.put("committedParts", request.partIds.size());
    result.put("discardedParts", discarded);
    result.put("rows", rows);
    return result;
  }

  /** Removes a stream and frees its memory once its readers are done; false when there was none. */
  synchronized boolean drop(String name) {
    StoredStream s = streams.remove(name);
    if (s == null) {
      return false;
    }
    s.parts.forEach(StoredPart::release);
    s.parts.clear();
    s.staged.values().forEach(w -> w.parts.values().forEach(StoredPart::release));
    s.staged.clear();
    return true;
  }

  /** Discards staged parts of writes that saw no activity for the abandon timeout. */
  synchronized void discardAbandoned() {
    long now = System.nanoTime();
    for (StoredStream s : streams.values()) {
      s.staged.entrySet().removeIf(e -> {
        if (now - e.getValue().lastActivityNanos < abandonAfterNanos) {
          return false;
        }
        LOG.warn("Discarding {} staged part(s) of an abandoned write to stream '{}' (no commit within {})",
            e.getValue().parts.size(), s.name, Duration.ofNanos(abandonAfterNanos));
        e.getValue().parts.values().forEach(StoredPart::release);
        return true;
      });
    }
  }

  synchronized Optional<Schema> schema(String name) {
    StoredStream s = streams.get(name);
    return s == null ? Optional.empty() : Optional.of(s.schema);
  }

  /** The visible parts of a stream, or empty when there is no such stream. */
  synchronized Optional<List<PartInfo>> parts(String name) {
    StoredStream s = streams.get(name);
    if (s == null) {
      return Optional.empty();
    }
    List<PartInfo> out = new ArrayList<>();
    s.parts.forEach(p -> out.add(new PartInfo(p)));
    return Optional.of(out);
  }

  synchronized List<String> names() {
    return new ArrayList<>(streams.keySet());
  }

  /** A visible part, retained for reading (the caller releases it), or empty. */
  synchronized Optional<StoredPart> retainPart(String stream, String partId) {
    StoredStream s = streams.get(stream);
    if (s != null) {
      for (StoredPart p : s.parts) {
        if (p.id().equals(partId) && p.retain()) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  synchronized Map<String, Object> stats(Optional<String> only) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    for (StoredStream s : streams.values()) {
      if (only.isPresent() && !only.get().equals(s.name)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name);
      m.put("rows", s.rows());
      m.put("bytes", s.bytes());
      m.put("parts", s.parts.size());
      m.put("stagedParts", s.staged.values().stream().mapToInt(w -> w.parts.size()).sum());
      m.put("schema", s.schema.toString());
      list.add(m);
    }
    out.put("streams", list);
    out.put("allocatedBytes", allocator.getAllocatedMemory());
    out.put("peakBytes", allocator.getPeakMemoryAllocation());
    out.put("memoryLimitBytes", allocator.getLimit());
    return out;
  }

  /** Frees every stream; the caller closes the allocator. */
  @Override
  public synchronized void close() {
    for (String name : names()) {
      drop(name);
    }
  }
}
