package org.datastreamio.flight;

import static org.datastreamio.flight.FlightTestData.expected;
import static org.datastreamio.flight.FlightTestData.readAll;
import static org.datastreamio.flight.FlightTestData.writePart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with pyarrow.flight on loopback: its server with our client, its client with our server.
 */
public class PyArrowFlightTest extends FlightTestBase {
  /**
   * A plain pyarrow Flight server: DoPut appends; GetFlightInfo splits a stream over three
   * endpoints.
   */
  public static final String PY_SERVER =
      String.join(
          "\n",
          "import sys, threading",
          "import pyarrow as pa, pyarrow.flight as fl",
          "class Server(fl.FlightServerBase):",
          "    def __init__(self):",
          "        super().__init__('grpc://127.0.0.1:0')",
          "        self.tables, self.schemas, self.lock = {}, {}, threading.Lock()",
          "    def do_put(self, context, descriptor, reader, writer):",
          "        key = descriptor.path[0].decode()",
          "        t = reader.read_all()",
          "        with self.lock:",
          "            self.schemas[key] = t.schema",
          "            self.tables.setdefault(key, []).append(t)",
          "    def _batches(self, key):",
          "        with self.lock:",
          "            if key not in self.schemas:",
          "                raise KeyError(key)",
          "            return self.schemas[key], [b for t in self.tables[key] for b in t.to_batches()]",
          "    def get_flight_info(self, context, descriptor):",
          "        key = descriptor.path[0].decode()",
          "        schema, batches = self._batches(key)",
          "        me = 'grpc://127.0.0.1:%d' % self.port",
          "        # endpoint 0 names this server, 1 a dead server first, 2 no location (meaning: ask the origin)",
          "        eps = [fl.FlightEndpoint('%s|0|3' % key, [me]),",
          "               fl.FlightEndpoint('%s|1|3' % key, ['grpc://127.0.0.1:1', me]),",
          "               fl.FlightEndpoint('%s|2|3' % key, [])]",
          "        return fl.FlightInfo(schema, descriptor, eps, sum(b.num_rows for b in batches), -1)",
          "    def do_get(self, context, ticket):",
          "        key, i, n = ticket.ticket.decode().split('|')",
          "        schema, batches = self._batches(key)",
          "        return fl.RecordBatchStream(pa.Table.from_batches(batches[int(i)::int(n)], schema=schema))",
          "s = Server()",
          "print(s.port, flush=True)",
          "s.serve()");

  /** Prints table t's rows as TestBatches' value lists, e.g. "[7, null, 3.5]". */
  static final String ROW_FORMAT =
      String.join(
          "\n",
          "    for row in zip(t['id'].to_pylist(), t['name'].to_pylist(), t['score'].to_pylist()):",
          "        print('[' + ', '.join('null' if v is None else str(v) for v in row) + ']')");

  /** Makes rows lo..hi-1 as TestBatches does. */
  static final String PY_ROWS =
      String.join(
          "\n",
          "def rows(lo, hi):",
          "    ids = list(range(lo, hi))",
          "    return pa.table({'id': pa.array(ids, pa.int64()),",
          "        'name': pa.array([None if v % 7 == 0 else 'name-%d-\u00e9\u6f22' % v for v in ids], pa.string()),",
          "        'score': pa.array([None if v % 11 == 0 else v * 0.5 for v in ids], pa.float64())},",
          "        schema=pa.schema([pa.field('id', pa.int64(), nullable=False), pa.field('name', pa.string()), pa.field('score', pa.float64())]))");

  /** Reads a stream from a Flight server with pyarrow; prints each row's values. */
  static final String PY_READ =
      String.join(
          "\n",
          "import sys, pyarrow.flight as fl",
          "sys.stdout.reconfigure(encoding='utf-8')",
          "c = fl.FlightClient(sys.argv[1])",
          "info = c.get_flight_info(fl.FlightDescriptor.for_path(sys.argv[2]))",
          "for ep in info.endpoints:",
          "    t = c.do_get(ep.ticket).read_all()",
          ROW_FORMAT);

  /**
   * Logs in to our server with basic auth, puts rows 0..999 in two DoPuts, reads the whole stream
   * back.
   */
  static final String PY_CLIENT_WITH_AUTH =
      String.join(
          "\n",
          "import sys, pyarrow as pa, pyarrow.flight as fl",
          "sys.stdout.reconfigure(encoding='utf-8')",
          PY_ROWS,
          "loc, user, pw, stream = sys.argv[1:5]",
          "c = fl.FlightClient(loc)",
          "opts = fl.FlightCallOptions(headers=[c.authenticate_basic_token(user, pw)])",
          "desc = fl.FlightDescriptor.for_path(stream)",
          "for lo, hi in ((0, 600), (600, 1000)):",
          "    t = rows(lo, hi)",
          "    w, r = c.do_put(desc, t.schema, options=opts)",
          "    w.write_table(t, max_chunksize=128)",
          "    w.close()",
          "info = c.get_flight_info(desc, opts)",
          "assert info.total_records == 1100, info.total_records",
          "for ep in info.endpoints:",
          "    t = c.do_get(ep.ticket, opts).read_all()",
          ROW_FORMAT,
          "try:",
          "    fl.FlightClient(loc).authenticate_basic_token(user, 'wrong')",
          "    print('WRONG-PASSWORD-ACCEPTED')",
          "except fl.FlightUnauthenticatedError:",
          "    print('WRONG-PASSWORD-REJECTED')",
          "try:",
          "    list(fl.FlightClient(loc).list_flights())",
          "    print('ANONYMOUS-ACCEPTED')",
          "except fl.FlightUnauthenticatedError:",
          "    print('ANONYMOUS-REJECTED')",
          "c.do_action(fl.Action('stats', b''), opts)");

  @Test
  void ourWriterAndReaderWithAPyArrowServer() throws Exception {
    Process server = PyArrow.start(PY_SERVER);
    try {
      int port =
          Integer.parseInt(
              new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                  .readLine()
                  .trim());
      StreamConfig config = StreamConfig.parse("flight://127.0.0.1:" + port + "/py");
      Transport t = Transports.forConfig(config);
      // pyarrow's server has no commit action: the default falls back to at-least-once. The commit
      // step is still part of the write (decided without the server), and passes plain parts
      // through.
      assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, t.deliveryGuarantee(config));
      assertTrue(t.requiresCommit(config));
      WrittenPart a = writePart(t, config, SinkContext.of("w", "a", ""), allocator, 0, 4, 250);
      WrittenPart b = writePart(t, config, SinkContext.of("w", "b", ""), allocator, 1000, 3, 100);
      assertEquals(List.of(a, b), t.commit(config, "w", "", List.of(a, b)));
      List<String> want = expected(0, 1300);

      List<Partition> partitions = t.listPartitions(config, allocator);
      assertEquals(3, partitions.size());
      partitions.forEach(
          p -> assertFalse(p.isSplittable(), p + " of a foreign server is read whole"));
      assertEquals(want, readAll(t, config, allocator));
      assertEquals(
          want,
          FlightTestData.sorted(lines(PyArrow.run(PY_READ, "grpc://127.0.0.1:" + port, "py"))));
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void pyArrowClientWithBasicAuthAgainstOurServer(@TempDir Path dir) throws Exception {
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder().port(0).basicAuth("alice", "s3cret").start()) {
      Path passwordFile = dir.resolve("password");
      Files.writeString(passwordFile, "s3cret\n");
      StreamConfig config =
          StreamConfig.parse(server.uri("shared") + "?user=alice&passwordFile=" + passwordFile);
      assertFalse(config.toString().contains("s3cret"));
      Transport t = Transports.forConfig(config);
      WrittenPart p = writePart(t, config, SinkContext.of("w", "p", ""), allocator, 1000, 1, 100);
      t.commit(config, "w", "", List.of(p));

      List<String> out =
          lines(
              PyArrow.run(
                  PY_CLIENT_WITH_AUTH,
                  "grpc://127.0.0.1:" + server.port(),
                  "alice",
                  "s3cret",
                  "shared"));
      assertTrue(out.remove("WRONG-PASSWORD-REJECTED"), out.toString());
      assertTrue(out.remove("ANONYMOUS-REJECTED"), out.toString());
      assertEquals(expected(0, 1100), FlightTestData.sorted(out));
      assertEquals(expected(0, 1100), readAll(t, config, allocator));

      Files.writeString(passwordFile, "n0t-the-Pa55");
      StreamConfig wrong =
          StreamConfig.parse(server.uri("shared") + "?user=bob&passwordFile=" + passwordFile);
      java.io.IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.io.IOException.class,
              () -> readAll(Transports.forConfig(wrong), wrong, allocator));
      assertTrue(e.getMessage().contains("UNAUTHENTICATED"), e.getMessage());
      assertFalse(
          e.getMessage().contains("n0t-the-Pa55"),
          "the password is not in the message: " + e.getMessage());
      assertTrue(e.getMessage().contains("user name or password is wrong"), e.getMessage());
    }
  }

  static List<String> lines(String text) {
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\n")));
    out.removeIf(String::isBlank);
    return out;
  }
}
