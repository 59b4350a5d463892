package org.datastreamio.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The server's streams. Every batch in memory lives in one allocator whose limit is the server's
 * memory cap. A DoPut builds its part privately and hands it over whole, so readers never see half
 * a part; a staged part becomes visible only through {@link #commit}. With a {@link DataDir}, a
 * part becomes visible only once it is durable: its file renamed into the stream's directory and
 * listed in the stream's manifest on disk.
 */
final class StreamStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamStore.class);

  private final BufferAllocator allocator;
  private final long abandonAfterNanos;

  /**
   * Writes (stream name, NUL, write key) one of whose DoPuts failed for good; kept for the abandon
   * timeout.
   */
  private final Map<String, FailedWrite> failedWrites = new HashMap<>();

  /**
   * Fault injection for the crash tests: the JVM halts (as under kill -9) at this named point of a
   * durable commit, {@code commit-renamed} (part files moved, manifest not yet written) or {@code
   * commit-published} (manifest written, commit not yet acknowledged).
   */
  static final String HALT_AT = "datastream.server.testHaltAt";

  private final Map<String, StoredStream> streams = new TreeMap<>();

  /**
   * The server's default time to live of a stream after its last write; 0: streams never expire.
   */
  private final long ttlMillis;

  /** Where committed parts are kept durably, or null for an in-memory server. */
  private final DataDir dataDir;

  StreamStore(BufferAllocator allocator, Duration abandonAfter, DataDir dataDir, Duration ttl) {
    this.allocator = allocator;
    this.ttlMillis = ttl.toMillis();
    this.abandonAfterNanos = abandonAfter.toNanos();
    this.dataDir = dataDir;
  }

  /** Serves the streams a durable server found at start. */
  synchronized void restore(DataDir.Recovery recovery, DiskBudget disk) {
    for (int i = 0; i < recovery.streams.size(); i++) {
      StreamManifest m = recovery.streams.get(i);
      Path dir = recovery.dirs.get(i);
      StoredStream s = new StoredStream(m.name, m.schema, m.createdMillis);
      s.lastWriteMillis = m.lastWriteMillis;
      s.ttlMillis = m.ttlMillis;
      for (StreamManifest.Entry e : m.parts) {
        s.parts.add(
            SpilledPart.recovered(e.id, dir.resolve(e.file), e.batches, e.rows, e.bytes, disk));
      }
      s.committed.putAll(m.commits);
      streams.put(m.name, s);
    }
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

  /**
   * Registers a DoPut of {@code schema} into {@code name}; the caller must call {@link #endPut}.
   */
  synchronized StoredStream beginPut(String name, Schema schema) {
    StoredStream s = streams.get(name);
    if (s == null) {
      StreamNames.checkNew(name);
      s = new StoredStream(name, schema);
      streams.put(name, s);
    } else if (!s.schema.getFields().equals(schema.getFields())) {
      if (!s.isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription(
                "Stream '"
                    + name
                    + "' holds data of schema "
                    + s.schema
                    + ", but this write has schema "
                    + schema
                    + ". Write to another stream, or drop '"
                    + name
                    + "' first (action 'drop').")
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

  /**
   * Makes a plain (path descriptor) DoPut's part visible at once (durable first, with a data
   * directory).
   */
  synchronized void append(StoredStream s, StoredPart part) {
    if (streams.get(s.name) != s) {
      part.release();
      throw CallStatus.NOT_FOUND
          .withDescription(
              "Stream '" + s.name + "' was dropped while this DoPut ran; nothing was stored")
          .toRuntimeException();
    }
    s.parts.addAll(persist(s, List.of(part), null, null));
    s.lastWriteMillis = System.currentTimeMillis();
  }

  /**
   * With a data directory: moves the new parts' files into the stream's directory and publishes a
   * manifest listing the stream's parts and these, before anything becomes visible. On failure
   * nothing of the new parts remains and the old manifest stands. Without one: the parts as they
   * are.
   */
  private List<StoredPart> persist(
      StoredStream s, List<StoredPart> added, String commitKey, Set<String> partIds) {
    if (dataDir == null) {
      return added;
    }
    List<StoredPart> moved = new ArrayList<>();
    int next = 0;
    try {
      Path dir = dataDir.streamDir(s.name);
      for (; next < added.size(); next++) {
        moved.add(((SpilledPart) added.get(next)).moveTo(dir));
      }
      DataDir.fsync(dir);
      haltIfAsked("commit-renamed");
      List<StreamManifest.Entry> entries = new ArrayList<>();
      for (StoredPart p : s.parts) {
        entries.add(entry(p));
      }
      for (StoredPart p : moved) {
        entries.add(entry(p));
      }
      Map<String, Set<String>> commits = new LinkedHashMap<>(s.committed);
      if (commitKey != null) {
        commits.put(commitKey, partIds);
      }
      long lastWrite = added.isEmpty() ? s.lastWriteMillis : System.currentTimeMillis();
      dataDir.publish(
          new StreamManifest(
              s.name, s.schema, s.createdMillis, lastWrite, s.ttlMillis, entries, commits));
      haltIfAsked("commit-published");
      return moved;
    } catch (IOException e) {
      moved.forEach(StoredPart::release);
      for (int i = next; i < added.size(); i++) {
        added.get(i).release();
      }
      throw CallStatus.INTERNAL
          .withDescription(
              "Cannot make the write to stream '"
                  + s.name
                  + "' durable in "
                  + dataDir.root()
                  + " ("
                  + e
                  + "; disk full?). Nothing of this write is visible; the stream's committed"
                  + " data is unchanged. Free space and rerun the write.")
          .toRuntimeException();
    }
  }

  private static StreamManifest.Entry entry(StoredPart p) {
    return new StreamManifest.Entry(
        p.id(),
        ((SpilledPart) p).file().getFileName().toString(),
        p.batchCount(),
        p.rows(),
        p.bytes());
  }

  private static void haltIfAsked(String point) {
    if (point.equals(System.getProperty(HALT_AT))) {
      LOG.error("Halting at {} as {} asks (crash test)", point, HALT_AT);
      Runtime.getRuntime().halt(137);
    }
  }

  /** Keeps an exactly-once DoPut's part invisible until its write commits. */
  synchronized void stage(StoredStream s, StagedPut put, StoredPart part) {
    String key = StoredStream.writeKey(put.writeId, put.windowTag);
    if (streams.get(s.name) != s || s.committed.containsKey(key)) {
      // A straggler of a write that was dropped or has already committed: it must never become
      // visible.
      LOG.info(
          "Discarding part {} of write {}: the write is already committed or its stream was dropped",
          put.partId,
          put.writeId);
      part.release();
      return;
    }
    FailedWrite failure = failedWrites.get(s.name + "\u0000" + key);
    if (failure != null) {
      part.release();
      throw CallStatus.RESOURCE_EXHAUSTED
          .withDescription(
              "Write "
                  + put.writeId
                  + " to stream '"
                  + s.name
                  + "' already failed ("
                  + failure.reason()
                  + "), so its staged parts were discarded. Nothing of this write is visible; rerun it.")
          .toRuntimeException();
    }
    StoredStream.StagedWrite write =
        s.staged.computeIfAbsent(key, k -> new StoredStream.StagedWrite());
    StoredPart previous = write.parts.put(put.partId, part);
    if (previous != null) {
      previous.release();
    }
    write.lastActivityNanos = System.nanoTime();
    if (put.ttlSeconds >= 0) {
      write.ttlSeconds = put.ttlSeconds;
    }
  }

  /**
   * Discards every staged part of a write one of whose DoPuts failed for good (the memory or disk
   * limit), at once rather than after the abandon timeout, and remembers why for its later puts and
   * its commit.
   */
  /** Why a write failed and when (nanoTime), so its later puts and its commit say why. */
  private record FailedWrite(String reason, long atNanos) {}

  synchronized void failWrite(StoredStream s, StagedPut put, String reason) {
    String key = StoredStream.writeKey(put.writeId, put.windowTag);
    if (streams.get(s.name) != s || s.committed.containsKey(key)) {
      return;
    }
    StoredStream.StagedWrite write = s.staged.remove(key);
    int discarded = write == null ? 0 : write.parts.size();
    if (write != null) {
      write.parts.values().forEach(StoredPart::release);
    }
    failedWrites.put(s.name + "\u0000" + key, new FailedWrite(reason, System.nanoTime()));
    LOG.info(
        "Write {} to stream '{}' failed; discarded its {} staged part(s) at once",
        put.writeId,
        s.name,
        discarded);
  }

  /**
   * Bytes held by staged parts of writes not yet committed: what a memory or disk limit message
   * points at.
   */
  synchronized long stagedBytes() {
    long bytes = 0;
    for (StoredStream s : streams.values()) {
      for (StoredStream.StagedWrite w : s.staged.values()) {
        bytes += w.parts.values().stream().mapToLong(StoredPart::bytes).sum();
      }
    }
    return bytes;
  }

  /**
   * Makes exactly the listed parts visible and discards the write's other staged parts, atomically.
   * Idempotent: a repeated commit of the same write answers as the first did.
   */
  synchronized Map<String, Object> commit(CommitRequest request) {
    String key = StoredStream.writeKey(request.writeId, request.windowTag);
    FailedWrite failure = failedWrites.get(request.stream + "\u0000" + key);
    if (failure != null) {
      throw CallStatus.NOT_FOUND
          .withDescription(
              "Cannot commit write "
                  + request.writeId
                  + " of stream '"
                  + request.stream
                  + "': one of its DoPuts failed ("
                  + failure.reason()
                  + ") and its staged parts were discarded. Nothing of"
                  + " this write is visible; rerun it.")
          .toRuntimeException();
    }
    StoredStream s = streams.get(request.stream);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stream", request.stream);
    result.put("writeId", request.writeId);
    if (s == null) {
      if (request.partIds.isEmpty()) {
        result.put("committedParts", 0);
        return result;
      }
      throw CallStatus.NOT_FOUND
          .withDescription(
              "Cannot commit write "
                  + request.writeId
                  + ": stream '"
                  + request.stream
                  + "' does not exist on this server (dropped, or the server restarted and lost its staged parts). Rerun the write.")
          .toRuntimeException();
    }
    Set<String> already = s.committed.get(key);
    if (already != null) {
      if (!already.equals(new HashSet<>(request.partIds))) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription(
                "Write "
                    + request.writeId
                    + " of stream '"
                    + request.stream
                    + "' was already committed with other parts "
                    + already
                    + " than now "
                    + request.partIds)
            .toRuntimeException();
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
      throw CallStatus.NOT_FOUND
          .withDescription(
              "Cannot commit write "
                  + request.writeId
                  + " of stream '"
                  + request.stream
                  + "': parts "
                  + missing
                  + " are not staged on this server (the server restarted, or the write was abandoned"
                  + " and cleaned up). Nothing of this write is visible; rerun it.")
          .toRuntimeException();
    }
    s.staged.remove(key);
    long rows = 0;
    List<StoredPart> added = new ArrayList<>();
    for (String id : request.partIds) {
      StoredPart part = write.parts.remove(id);
      rows += part.rows();
      added.add(part);
    }
    int discarded = write.parts.size();
    write.parts.values().forEach(StoredPart::release);
    Set<String> ids = new HashSet<>(request.partIds);
    Long previousTtl = s.ttlMillis;
    if (write.ttlSeconds >= 0) {
      s.ttlMillis = write.ttlSeconds * 1000; // set with the commit, in the same manifest
    }
    try {
      s.parts.addAll(persist(s, added, key, ids));
    } catch (RuntimeException e) {
      s.ttlMillis = previousTtl;
      throw e;
    }
    s.committed.put(key, ids);
    if (!added.isEmpty()) {
      s.lastWriteMillis = System.currentTimeMillis();
    }
    result.put("committedParts", request.partIds.size());
    result.put("discardedParts", discarded);
    result.put("rows", rows);
    return result;
  }

  /** Removes a stream and frees its memory once its readers are done; false when there was none. */
  synchronized boolean drop(String name) {
    StoredStream s = streams.get(name);
    if (s == null) {
      return false;
    }
    if (dataDir != null) {
      try {
        dataDir.forget(name);
      } catch (IOException e) {
        throw CallStatus.INTERNAL
            .withDescription(
                "Cannot drop stream '"
                    + name
                    + "' durably in "
                    + dataDir.root()
                    + ": "
                    + e
                    + ". The stream is unchanged.")
            .toRuntimeException();
      }
    }
    streams.remove(name);
    s.parts.forEach(
        p -> {
          p.markDropped();
          p.release();
        });
    s.parts.clear();
    s.staged.values().forEach(w -> w.parts.values().forEach(StoredPart::release));
    s.staged.clear();
    return true;
  }

  /**
   * Sets a stream's own time to live ({@code ttl} zero: it never expires), durably with a data
   * directory. Returns the expiry it now has, if any.
   */
  synchronized java.util.OptionalLong setTtl(String name, Duration ttl) {
    StoredStream s = streams.get(name);
    if (s == null) {
      throw CallStatus.NOT_FOUND
          .withDescription("No stream '" + name + "' on this server to set a time to live on")
          .toRuntimeException();
    }
    Long previous = s.ttlMillis;
    s.ttlMillis = ttl.toMillis();
    try {
      persist(s, List.of(), null, null);
    } catch (RuntimeException e) {
      s.ttlMillis = previous;
      throw e;
    }
    return s.expiresAtMillis(ttlMillis);
  }

  /** When a stream expires (epoch ms), empty when never or when there is no such stream. */
  synchronized java.util.OptionalLong expiresAt(String name) {
    StoredStream s = streams.get(name);
    return s == null ? java.util.OptionalLong.empty() : s.expiresAtMillis(ttlMillis);
  }

  /** Drops the streams whose time to live has passed; a running read of one ends as for a drop. */
  synchronized void expire() {
    long now = System.currentTimeMillis();
    for (StoredStream s : new ArrayList<>(streams.values())) {
      if (s.activePuts == 0
          && s.staged.isEmpty()
          && s.expiresAtMillis(ttlMillis).orElse(Long.MAX_VALUE) <= now) {
        long rows = s.rows();
        try {
          drop(s.name);
          LOG.info("Stream '{}' expired ({} rows) and was dropped", s.name, rows);
        } catch (RuntimeException e) {
          LOG.warn("Could not drop expired stream '{}': {}", s.name, e.getMessage());
        }
      }
    }
  }

  /** Discards staged parts of writes that saw no activity for the abandon timeout. */
  synchronized void discardAbandoned() {
    long now = System.nanoTime();
    for (StoredStream s : streams.values()) {
      s.staged
          .entrySet()
          .removeIf(
              e -> {
                if (now - e.getValue().lastActivityNanos < abandonAfterNanos) {
                  return false;
                }
                LOG.warn(
                    "Discarding {} staged part(s) of an abandoned write to stream '{}' (no commit within {})",
                    e.getValue().parts.size(),
                    s.name,
                    Duration.ofNanos(abandonAfterNanos));
                e.getValue().parts.values().forEach(StoredPart::release);
                return true;
              });
    }
    failedWrites.values().removeIf(f -> now - f.atNanos() >= abandonAfterNanos);
  }

  /**
   * After a DoPut that failed: forgets the stream if that DoPut created it and nothing else holds
   * it, so a refused first write leaves no empty stream behind.
   */
  synchronized void forgetIfUnused(StoredStream s) {
    if (streams.get(s.name) == s && s.isEmpty() && s.committed.isEmpty()) {
      streams.remove(s.name);
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
      m.put("createdMillis", s.createdMillis);
      long now = System.currentTimeMillis();
      m.put("ageSeconds", Math.max(0, (now - s.createdMillis) / 1000));
      s.expiresAtMillis(ttlMillis)
          .ifPresent(
              at -> {
                m.put("expiresAtMillis", at);
                m.put("expiresInSeconds", Math.max(0, (at - now) / 1000));
              });
      m.put("schema", s.schema.toString());
      list.add(m);
    }
    out.put("streams", list);
    Totals t = totals();
    out.put("allocatedBytes", allocator.getAllocatedMemory());
    out.put("peakBytes", allocator.getPeakMemoryAllocation());
    out.put("memoryLimitBytes", allocator.getLimit());
    out.put("durable", dataDir != null);
    out.put("spilledBytes", t.spilledBytes);
    out.put("durableBytes", t.durableBytes);
    out.put("stagedFileBytes", t.stagedFileBytes);
    return out;
  }

  /** Server-wide figures, for stats and metrics. */
  static final class Totals {
    int streams;
    long rows;
    long parts;

    /** Part files of an in-memory server with a spill directory (gone at stop). */
    long spilledBytes;

    /** Committed part files of a durable server. */
    long durableBytes;

    /** Files of staged, not yet committed parts. */
    long stagedFileBytes;
  }

  synchronized Totals totals() {
    Totals t = new Totals();
    for (StoredStream s : streams.values()) {
      t.streams++;
      for (StoredPart p : s.parts) {
        t.rows += p.rows();
        t.parts++;
        if (dataDir != null) {
          t.durableBytes += p.fileBytes();
        } else {
          t.spilledBytes += p.fileBytes();
        }
      }
      for (StoredStream.StagedWrite w : s.staged.values()) {
        for (StoredPart p : w.parts.values()) {
          t.stagedFileBytes += p.fileBytes();
        }
      }
    }
    return t;
  }

  /**
   * Frees every stream's memory; a durable server's committed files stay for the next start, and
   * its data directory is unlocked.
   */
  @Override
  public synchronized void close() {
    for (StoredStream s : streams.values()) {
      for (StoredPart p : s.parts) {
        if (dataDir != null) {
          ((SpilledPart) p).keepFile();
        }
        p.release();
      }
      s.parts.clear();
      s.staged.values().forEach(w -> w.parts.values().forEach(StoredPart::release));
      s.staged.clear();
    }
    streams.clear();
    if (dataDir != null) {
      dataDir.close();
    }
  }
}
