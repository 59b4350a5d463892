package org.datastreamio.socket;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.spi.Retry;

/**
 * The end-of-write exchange between DataStream IO's own socket writers and listening reads
 * (docs/socket.md, "When the writers end"). A listening read acknowledges each complete stream with
 * a short line naming the read and the stream, sent just before it closes the connection (a
 * DataStream writer waits for that close and keeps the line; a foreign writer never reads it). Once
 * every part of a bounded write is written, the write's last step sends each read that acknowledged
 * one of its streams a marker: an Arrow IPC stream of no fields and no batches whose schema
 * metadata names the write, the read and the streams the write sent it. A listener that never
 * acknowledged (pyarrow, a user's own) gets no marker, so it sees exactly the data streams.
 */
final class EndOfWrite {
  static final String WRITE_KEY = "datastreamio.endOfWrite.write";
  static final String READ_KEY = "datastreamio.endOfWrite.read";
  static final String STREAMS_KEY = "datastreamio.endOfWrite.streams";

  private static final String ACK = "datastreamio-ack/1 ";
  private static final Pattern ACK_LINE =
      Pattern.compile("datastreamio-ack/1 ([0-9a-f-]{1,64}) (\\d{1,9}) (\\d{1,5})-(\\d{1,5})\n");
  private static final Pattern ACKED_LOCATION =
      Pattern.compile("(.*)#read=([0-9a-f-]{1,64})&stream=(\\d{1,9})&ports=(\\d{1,5})-(\\d{1,5})");

  /** The marker is best effort: a reader that does not take it ends on its own rule. */
  private static final Retry ONE_ATTEMPT = new Retry(0, Duration.ZERO, Duration.ZERO);

  private EndOfWrite() {}

  /**
   * A listening read's acknowledgement of its stream number {@code stream} on one of its ports; it
   * names the read and the read's TCP port range (0-0 for a Unix socket), so that the write can
   * also tell the read's ports that got none of its streams.
   */
  static byte[] ack(String readId, int stream, List<Endpoint> readEndpoints) {
    Endpoint first = readEndpoints.get(0);
    Endpoint last = readEndpoints.get(readEndpoints.size() - 1);
    String ports = first.isUnix() ? "0-0" : first.port() + "-" + last.port();
    return (ACK + readId + " " + stream + " " + ports + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Where a part went: the endpoint, plus what the acknowledgement said when the reader was a
   * DataStream listening read ({@code socket://127.0.0.1:9000#read=...&stream=3&ports=9000-9001}).
   */
  static String partLocation(Endpoint endpoint, String reply) {
    Matcher m = ACK_LINE.matcher(reply);
    return m.lookingAt()
        ? endpoint.uri()
            + "#read="
            + m.group(1)
            + "&stream="
            + m.group(2)
            + "&ports="
            + m.group(3)
            + "-"
            + m.group(4)
        : endpoint.uri();
  }

  /** One endpoint's marker: the read listening there, and the streams of the write it took. */
  record Acknowledged(Endpoint endpoint, String readId, Set<Integer> streams) {}

  /**
   * The markers a write sends: one to each of its endpoints where a DataStream read acknowledged
   * some of its streams, and one naming no stream to each other endpoint of the write within such a
   * read's port range (that port's read got nothing from this write, and must hear that it is
   * over). Parts no DataStream read acknowledged lead to no marker.
   */
  static List<Acknowledged> recipients(List<Endpoint> writeEndpoints, List<String> partLocations) {
    Map<List<String>, Set<Integer>> streams = new HashMap<>();
    Map<String, int[]> readPorts = new TreeMap<>();
    for (String location : partLocations) {
      Matcher m = ACKED_LOCATION.matcher(location);
      if (m.matches()) {
        streams
            .computeIfAbsent(List.of(m.group(1), m.group(2)), k -> new TreeSet<>())
            .add(Integer.parseInt(m.group(3)));
        readPorts.put(
            m.group(2), new int[] {Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))});
      }
    }
    List<Acknowledged> out = new ArrayList<>();
    for (Endpoint endpoint : writeEndpoints) {
      for (Map.Entry<String, int[]> read : readPorts.entrySet()) {
        Set<Integer> taken = streams.get(List.of(endpoint.uri(), read.getKey()));
        if (taken != null) {
          out.add(new Acknowledged(endpoint, read.getKey(), taken));
        } else if (!endpoint.isUnix()
            && endpoint.port() >= read.getValue()[0]
            && endpoint.port() <= read.getValue()[1]) {
          out.add(new Acknowledged(endpoint, read.getKey(), Set.of()));
        }
      }
    }
    return out;
  }

  /** The marker schema: no fields, the write, read and streams in its metadata. */
  static Schema marker(String writeId, Acknowledged read) {
    return new Schema(
        List.of(),
        Map.of(
            WRITE_KEY,
            writeId,
            READ_KEY,
            read.readId(),
            STREAMS_KEY,
            read.streams().stream().map(String::valueOf).collect(Collectors.joining(","))));
  }

  /** A marker received by a listening read. */
  record Marker(String writeId, String readId, Set<Integer> streams) {}

  /** The marker this schema carries; empty for a data stream's schema. */
  static Optional<Marker> parse(Schema schema) {
    Map<String, String> meta = schema.getCustomMetadata();
    if (!schema.getFields().isEmpty() || meta == null || !meta.containsKey(WRITE_KEY)) {
      return Optional.empty();
    }
    Set<Integer> streams = new TreeSet<>();
    String list = meta.getOrDefault(STREAMS_KEY, "");
    try {
      for (String s : list.isEmpty() ? new String[0] : list.split(",", -1)) {
        streams.add(Integer.parseInt(s.trim()));
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Marker(meta.get(WRITE_KEY), meta.getOrDefault(READ_KEY, ""), Set.copyOf(streams)));
  }

  /**
   * Dials the endpoint once and sends the marker, then closes: no acknowledgement is awaited (the
   * reader may have ended already, which is no error).
   */
  static void send(Endpoint endpoint, Duration connectTimeout, Duration idleTimeout, Schema marker)
      throws IOException {
    try (SocketChannel channel = Dialer.connect(endpoint, connectTimeout, ONE_ATTEMPT);
        StallGuard guard =
            new StallGuard(
                channel, idleTimeout, "Sending the end-of-write marker to " + endpoint)) {
      IpcStreamOut out =
          new IpcStreamOut(
              channel, guard, IpcCompression.factory().createCodec(CodecType.NO_COMPRESSION));
      out.start(marker);
      out.end();
      channel.shutdownOutput();
    }
  }
}
