package org.datastreamio.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One named stream: its schema, its visible parts, and the parts staged by unfinished writes.
 * Guarded by the store.
 */
final class StoredStream {
  final String name;
  Schema schema;
  final List<StoredPart> parts = new ArrayList<>();

  /** Staged parts by write key (write id and window), then part id. */
  final Map<String, StagedWrite> staged = new HashMap<>();

  /**
   * Write keys already committed, with their part ids, so a retried commit is answered the same
   * way.
   */
  final Map<String, Set<String>> committed = new HashMap<>();

  int activePuts;

  /** When the stream was first written (kept across restarts by a durable server). */
  final long createdMillis;

  /** When a part last became visible; a stream's time to live counts from here. */
  long lastWriteMillis;

  /** This stream's own time to live in ms (0: never expires), or null for the server's default. */
  Long ttlMillis;

  StoredStream(String name, Schema schema) {
    this(name, schema, System.currentTimeMillis());
  }

  StoredStream(String name, Schema schema, long createdMillis) {
    this.name = name;
    this.schema = schema;
    this.createdMillis = createdMillis;
    this.lastWriteMillis = createdMillis;
  }

  /** When the stream expires (epoch ms), or empty when it does not. */
  java.util.OptionalLong expiresAtMillis(long serverTtlMillis) {
    long ttl = ttlMillis != null ? ttlMillis : serverTtlMillis;
    return ttl > 0
        ? java.util.OptionalLong.of(lastWriteMillis + ttl)
        : java.util.OptionalLong.empty();
  }

  /** Whether nothing holds the stream's schema in place, so a new write may set another. */
  boolean isEmpty() {
    return parts.isEmpty() && staged.isEmpty() && activePuts == 0;
  }

  long rows() {
    return parts.stream().mapToLong(StoredPart::rows).sum();
  }

  long bytes() {
    return parts.stream().mapToLong(StoredPart::bytes).sum();
  }

  static String writeKey(String writeId, String windowTag) {
    return writeId + "\u0000" + windowTag;
  }

  /** The parts of one write (and window) that are staged but not committed. */
  static final class StagedWrite {
    final Map<String, StoredPart> parts = new HashMap<>();
    long lastActivityNanos = System.nanoTime();

    /** The time to live the write's puts ask for (seconds), applied at its commit; -1: none. */
    long ttlSeconds = -1;
  }
}
