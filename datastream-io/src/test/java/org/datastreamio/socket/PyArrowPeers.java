package org.datastreamio.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datastreamio.testing.PyArrow;

/**
 * pyarrow scripts on the other end of a socket: a listener that reads streams and a producer that
 * writes one.
 */
final class PyArrowPeers {
  private PyArrowPeers() {}

  /**
   * Listens (tcp PORT | unix PATH), accepts N connections (N = 0: until a connection sends nothing,
   * see {@link #stopListener}), reads each as an IPC stream, prints them as JSON.
   */
  static final String LISTENER =
      String.join(
          "\n",
          "import io, sys, json, socket, pyarrow as pa",
          "class EndCheck(io.RawIOBase):",
          "    # pyarrow takes a close before the end-of-stream marker as the end: remember whether that happened",
          "    def __init__(self, sock):",
          "        self.sock, self.hit_eof, self.bytes = sock, False, 0",
          "    def readable(self):",
          "        return True",
          "    def readinto(self, b):",
          "        n = self.sock.recv_into(b)",
          "        self.bytes += n",
          "        if n == 0 and len(b):",
          "            self.hit_eof = True",
          "        return n",
          "kind, addr, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
          "if kind == 'tcp':",
          "    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
          "    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "    srv.bind(('127.0.0.1', int(addr)))",
          "else:",
          "    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
          "    srv.bind(addr)",
          "srv.listen(16)",
          "srv.settimeout(60)",
          "print('READY', flush=True)",
          "streams = []",
          "while n == 0 or len(streams) < n:",
          "    conn, _ = srv.accept()",
          "    conn.settimeout(60)",
          "    with conn:",
          "        src = EndCheck(conn)",
          "        try:",
          "            table = pa.ipc.open_stream(io.BufferedReader(src)).read_all()",
          "        except pa.ArrowInvalid:",
          "            if n == 0 and src.bytes == 0:",
          "                break",
          "            raise",
          "    streams.append({'schema': [[fl.name, str(fl.type), fl.nullable] for fl in table.schema],",
          "                    'rows': [list(r.values()) for r in table.to_pylist()], 'complete': not src.hit_eof})",
          "srv.close()",
          "print(json.dumps(streams))",
          "");

  /**
   * Writes rows FIRST..FIRST+COUNT-1 (the same values as {@link SocketTestData#row}) as one IPC
   * stream: dialling (connect tcp PORT | connect unix PATH) or serving one consumer (serve tcp
   * PORT); an optional last argument compresses the batches (zstd, lz4).
   */
  static final String PRODUCER =
      String.join(
          "\n",
          "import sys, socket, time, pyarrow as pa",
          "mode, kind, addr, first, count, batch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])",
          "schema = pa.schema([pa.field('id', pa.int64(), nullable=False), pa.field('name', pa.string()), pa.field('score', pa.float64())])",
          "family = socket.AF_INET if kind == 'tcp' else socket.AF_UNIX",
          "target = ('127.0.0.1', int(addr)) if kind == 'tcp' else addr",
          "if mode == 'serve':",
          "    srv = socket.socket(family, socket.SOCK_STREAM)",
          "    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "    srv.bind(target)",
          "    srv.listen(1)",
          "    srv.settimeout(60)",
          "    print('READY', flush=True)",
          "    s, _ = srv.accept()",
          "    srv.close()",
          "else:",
          "    for attempt in range(300):",
          "        s = socket.socket(family, socket.SOCK_STREAM)",
          "        try:",
          "            s.connect(target)",
          "            break",
          "        except OSError:",
          "            s.close()",
          "            time.sleep(0.1)",
          "    else:",
          "        sys.exit('could not connect to %s' % (target,))",
          "options = pa.ipc.IpcWriteOptions(compression=sys.argv[7] if len(sys.argv) > 7 else None)",
          "with s, s.makefile('wb') as f:",
          "    with pa.ipc.new_stream(f, schema, options=options) as w:",
          "        for start in range(first, first + count, batch):",
          "            ids = list(range(start, min(start + batch, first + count)))",
          "            names = [None if i % 7 == 3 else 'näme-%d' % i for i in ids]",
          "            scores = [None if i % 5 == 2 else i * 0.5 - 3.25 for i in ids]",
          "            w.write_batch(pa.record_batch([pa.array(ids, pa.int64()), pa.array(names, pa.string()),",
          "                                           pa.array(scores, pa.float64())], schema=schema))",
          "print('SENT', count, flush=True)",
          "");

  /** Ends a {@link #LISTENER} started with N = 0: an empty connection. */
  static void stopListener(java.net.SocketAddress address) throws IOException {
    java.net.ProtocolFamily family =
        address instanceof java.net.UnixDomainSocketAddress
            ? java.net.StandardProtocolFamily.UNIX
            : java.net.StandardProtocolFamily.INET;
    try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(family)) {
      c.connect(address);
    }
  }

  /**
   * Starts a script and waits for its READY line (read byte by byte, so {@link PyArrow#await} gets
   * the rest).
   */
  static Process startReady(String script, String... args) throws IOException {
    Process p = PyArrow.start(script, args);
    InputStream in = p.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1 && b != '\n'; ) {
      line.write(b);
    }
    String first = line.toString(StandardCharsets.UTF_8).trim();
    if (!first.equals("READY")) {
      p.destroyForcibly();
      throw new IOException(
          "pyarrow peer did not start (first line '"
              + first
              + "'); see its stderr file in the temp directory");
    }
    return p;
  }

  /** Whether each stream a {@link #LISTENER} read ended with its end-of-stream marker. */
  static List<Boolean> complete(String json) throws IOException {
    List<Boolean> out = new ArrayList<>();
    for (JsonNode stream : new ObjectMapper().readTree(json.trim())) {
      out.add(!stream.has("complete") || stream.get("complete").asBoolean());
    }
    return out;
  }

  /**
   * The JSON a {@link #LISTENER} printed, as one list of rows per stream, in the test data's types;
   * fails if a stream lacked its end-of-stream marker.
   */
  static List<List<List<Object>>> streams(String json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json.trim());
    List<List<List<Object>>> out = new ArrayList<>();
    for (JsonNode stream : root) {
      if (stream.has("complete")) {
        assertEquals(
            true, stream.get("complete").asBoolean(), "stream ended with its end-of-stream marker");
      }
      assertEquals(
          "[[\"id\",\"int64\",false],[\"name\",\"string\",true],[\"score\",\"double\",true]]",
          stream.get("schema").toString(),
          "schema as pyarrow sees it");
      List<List<Object>> rows = new ArrayList<>();
      for (JsonNode r : stream.get("rows")) {
        rows.add(
            Arrays.asList(
                r.get(0).asLong(),
                r.get(1).isNull() ? null : r.get(1).asText(),
                r.get(2).isNull() ? null : r.get(2).asDouble()));
      }
      out.add(rows);
    }
    return out;
  }
}
