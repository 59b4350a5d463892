package org.datastreamio.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a durable stream's {@code MANIFEST.json} says: the stream's name and schema, its committed
 * parts in order (each an Arrow IPC file in the stream's directory), and the writes already
 * committed, so a commit retried after a restart is answered as the first one was. The manifest is
 * the only truth: a part file it does not list was never acknowledged.
 */
final class StreamManifest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  /** One committed part: its id, its file name in the stream's directory, and its figures. */
  static final class Entry {
    final String id;
    final String file;
    final int batches;
    final long rows;
    final long bytes;

    Entry(String id, String file, int batches, long rows, long bytes) {
      this.id = id;
      this.file = file;
      this.batches = batches;
      this.rows = rows;
      this.bytes = bytes;
    }
  }

  final String name;
  final Schema schema;
  final long createdMillis;
  final long lastWriteMillis;

  /** The stream's own time to live, or null for the server's default. */
  final Long ttlMillis;

  final List<Entry> parts;

  /** Committed write keys ({@link StoredStream#writeKey}) with their part ids. */
  final Map<String, Set<String>> commits;

  StreamManifest(
      String name,
      Schema schema,
      long createdMillis,
      long lastWriteMillis,
      Long ttlMillis,
      List<Entry> parts,
      Map<String, Set<String>> commits) {
    this.name = name;
    this.schema = schema;
    this.createdMillis = createdMillis;
    this.lastWriteMillis = lastWriteMillis;
    this.ttlMillis = ttlMillis;
    this.parts = List.copyOf(parts);
    this.commits = commits;
  }

  byte[] toBytes() throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", VERSION);
    n.put("name", name);
    n.put("createdMillis", createdMillis);
    n.put("lastWriteMillis", lastWriteMillis);
    if (ttlMillis != null) {
      n.put("ttlMillis", ttlMillis);
    }
    n.set("schema", JSON.readTree(schema.toJson()));
    ArrayNode ps = n.putArray("parts");
    for (Entry e : parts) {
      ObjectNode p = ps.addObject();
      p.put("id", e.id);
      p.put("file", e.file);
      p.put("batches", e.batches);
      p.put("rows", e.rows);
      p.put("bytes", e.bytes);
    }
    ObjectNode cs = n.putObject("commits");
    commits.forEach(
        (key, ids) -> {
          ArrayNode a = cs.putArray(key);
          ids.forEach(a::add);
        });
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
  }

  static StreamManifest parse(byte[] bytes) throws IOException {
    JsonNode n = JSON.readTree(bytes);
    if (n == null
        || n.path("version").asInt() != VERSION
        || !n.hasNonNull("name")
        || !n.has("schema")
        || !n.path("parts").isArray()) {
      throw new IOException("not a version " + VERSION + " stream manifest");
    }
    Schema schema = Schema.fromJSON(JSON.writeValueAsString(n.get("schema")));
    List<Entry> parts = new ArrayList<>();
    for (JsonNode p : n.get("parts")) {
      parts.add(
          new Entry(
              p.path("id").asText(),
              p.path("file").asText(),
              p.path("batches").asInt(),
              p.path("rows").asLong(),
              p.path("bytes").asLong()));
    }
    Map<String, Set<String>> commits = new LinkedHashMap<>();
    n.path("commits")
        .fields()
        .forEachRemaining(
            e -> {
              Set<String> ids = new LinkedHashSet<>();
              e.getValue().forEach(id -> ids.add(id.asText()));
              commits.put(e.getKey(), ids);
            });
    long created = n.path("createdMillis").asLong();
    return new StreamManifest(
        n.get("name").asText(),
        schema,
        created,
        n.path("lastWriteMillis").asLong(created),
        n.hasNonNull("ttlMillis") ? n.get("ttlMillis").asLong() : null,
        parts,
        commits);
  }
}
