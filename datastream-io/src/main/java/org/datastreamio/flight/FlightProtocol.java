package org.datastreamio.flight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small JSON messages our client and our server exchange on top of plain Flight: the descriptor
 * of a staged (exactly-once) DoPut, the tickets of stored parts, and the commit action. Everything
 * else is standard Flight, so foreign clients and servers interoperate through path descriptors.
 */
public final class FlightProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Action names; a server that lists {@link #COMMIT} supports exactly-once writes. */
  public static final String COMMIT = "datastream.commit";

  public static final String DROP = "drop";
  public static final String STATS = "stats";

  /**
   * Sets a stream's time to live on a DataStream server. Body: JSON {"stream", "ttlSeconds"} (0:
   * never expires).
   */
  public static final String TTL = "datastream.ttl";

  /** Marks our command descriptors and tickets, so foreign ones never parse as ours. */
  private static final String STAGED_KIND = "datastream.staged-put";

  private static final String TICKET_KIND = "datastream.part";

  private FlightProtocol() {}

  /** A DoPut staged under a write and part id, invisible until committed. */
  public static final class StagedPut {
    public final String stream;
    public final String writeId;
    public final String partId;
    public final String windowTag;

    /**
     * The stream's time to live the write asks for (URI parameter {@code ttl}), set at commit; -1:
     * none.
     */
    public final long ttlSeconds;

    public StagedPut(String stream, String writeId, String partId, String windowTag) {
      this(stream, writeId, partId, windowTag, -1);
    }

    public StagedPut(
        String stream, String writeId, String partId, String windowTag, long ttlSeconds) {
      this.stream = stream;
      this.writeId = writeId;
      this.partId = partId;
      this.windowTag = windowTag;
      this.ttlSeconds = ttlSeconds;
    }

    public byte[] toBytes() {
      ObjectNode n = JSON.createObjectNode();
      n.put("kind", STAGED_KIND);
      n.put("stream", stream);
      n.put("writeId", writeId);
      n.put("partId", partId);
      n.put("windowTag", windowTag);
      if (ttlSeconds >= 0) {
        n.put("ttlSeconds", ttlSeconds);
      }
      return bytes(n);
    }

    /** Empty when the command is not one of ours. */
    public static Optional<StagedPut> parse(byte[] command) {
      return ofKind(command, STAGED_KIND)
          .map(
              n ->
                  new StagedPut(
                      text(n, "stream"),
                      text(n, "writeId"),
                      text(n, "partId"),
                      text(n, "windowTag"),
                      n.path("ttlSeconds").asLong(-1)));
    }
  }

  /** A ticket for one stored part, read from batch {@link #fromBatch}. */
  public static final class PartTicket {
    public final String stream;
    public final String partId;
    public final long fromBatch;

    /** The server stops before this batch; -1 means the end of the part. */
    public final long untilBatch;

    public final long batches;
    public final long rows;
    public final long bytes;

    public PartTicket(
        String stream, String partId, long fromBatch, long batches, long rows, long bytes) {
      this(stream, partId, fromBatch, -1, batches, rows, bytes);
    }

    private PartTicket(
        String stream,
        String partId,
        long fromBatch,
        long untilBatch,
        long batches,
        long rows,
        long bytes) {
      this.stream = stream;
      this.partId = partId;
      this.fromBatch = fromBatch;
      this.untilBatch = untilBatch;
      this.batches = batches;
      this.rows = rows;
      this.bytes = bytes;
    }

    public PartTicket from(long batch) {
      return new PartTicket(stream, partId, batch, untilBatch, batches, rows, bytes);
    }

    /**
     * A ticket for batches before {@code batch} only, so a reader of a range gets exactly that
     * range and never has to cancel a DoGet that is still sending.
     */
    public PartTicket until(long batch) {
      return new PartTicket(stream, partId, fromBatch, batch, batches, rows, bytes);
    }

    /** The batch the server stops before, for a part of {@code count} batches. */
    public long end(long count) {
      return untilBatch < 0 ? count : Math.min(count, untilBatch);
    }

    public byte[] toBytes() {
      ObjectNode n = JSON.createObjectNode();
      n.put("kind", TICKET_KIND);
      n.put("stream", stream);
      n.put("partId", partId);
      n.put("fromBatch", fromBatch);
      if (untilBatch >= 0) {
        n.put("untilBatch", untilBatch);
      }
      n.put("batches", batches);
      n.put("rows", rows);
      n.put("bytes", bytes);
      return bytes(n);
    }

    /** Empty when the ticket is a foreign server's opaque ticket. */
    public static Optional<PartTicket> parse(byte[] ticket) {
      return ofKind(ticket, TICKET_KIND)
          .map(
              n ->
                  new PartTicket(
                      text(n, "stream"),
                      text(n, "partId"),
                      n.path("fromBatch").asLong(0),
                      n.path("untilBatch").asLong(-1),
                      n.path("batches").asLong(-1),
                      n.path("rows").asLong(-1),
                      n.path("bytes").asLong(-1)));
    }
  }

  /** The body of the {@link #COMMIT} action. */
  public static final class CommitRequest {
    public final String stream;
    public final String writeId;
    public final String windowTag;
    public final List<String> partIds;

    public CommitRequest(String stream, String writeId, String windowTag, List<String> partIds) {
      this.stream = stream;
      this.writeId = writeId;
      this.windowTag = windowTag;
      this.partIds = List.copyOf(partIds);
    }

    public byte[] toBytes() {
      ObjectNode n = JSON.createObjectNode();
      n.put("stream", stream);
      n.put("writeId", writeId);
      n.put("windowTag", windowTag);
      ArrayNode parts = n.putArray("parts");
      partIds.forEach(parts::add);
      return bytes(n);
    }

    public static CommitRequest parse(byte[] body) throws IOException {
      JsonNode n;
      try {
        n = JSON.readTree(body);
      } catch (IOException e) {
        n = null; // not JSON at all: answered with the body's expected form below
      }
      if (n == null
          || !n.isObject()
          || !n.hasNonNull("stream")
          || !n.hasNonNull("writeId")
          || !n.path("parts").isArray()) {
        throw new IOException(
            "A "
                + COMMIT
                + " action body must be JSON {\"stream\", \"writeId\", \"windowTag\", \"parts\": [...]}");
      }
      List<String> parts = new ArrayList<>();
      n.get("parts").forEach(p -> parts.add(p.asText()));
      return new CommitRequest(text(n, "stream"), text(n, "writeId"), text(n, "windowTag"), parts);
    }
  }

  /** Serializes a small JSON document (stats, commit results). */
  public static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode readJson(byte[] body) throws IOException {
    return JSON.readTree(body);
  }

  private static Optional<JsonNode> ofKind(byte[] data, String kind) {
    if (data == null || data.length == 0 || data[0] != '{') {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(new String(data, StandardCharsets.UTF_8));
      return n != null && kind.equals(n.path("kind").asText()) ? Optional.of(n) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode n, String field) {
    return n.path(field).asText("");
  }

  private static byte[] bytes(ObjectNode n) {
    return toJson(n);
  }
}
