package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.datastreamio.socket.SocketTestData.readAll;
import static org.datastreamio.socket.SocketTestData.rows;
import static org.datastreamio.socket.SocketTestData.sorted;
import static org.datastreamio.socket.SocketTestData.writeRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pyarrow (Arrow C++) on the other end: the socket stream is plain Arrow IPC both ways, TCP and
 * Unix.
 */
@Timeout(120)
class PyArrowSocketTest extends SocketTestBase {
  @BeforeEach
  void requirePyArrow() {
    PyArrow.require();
  }

  private void javaWrites(String uri, String partId, long from, int count, int batchRows)
      throws Exception {
    try (BatchSink sink =
        transport.openSink(
            StreamConfig.parse(uri), SinkContext.of("w", partId, ""), SCHEMA, allocator)) {
      writeRows(sink, allocator, from, count, batchRows);
    }
  }

  @Test
  void javaWritesPythonListenerReadsEveryStreamOverTcp() throws Exception {
    int port = LoopbackPorts.next();
    Process python =
        PyArrowPeers.startReady(PyArrowPeers.LISTENER, "tcp", String.valueOf(port), "3");
    javaWrites("socket://127.0.0.1:" + port, "a", 0, 1000, 300);
    javaWrites("socket://127.0.0.1:" + port + "?compression=zstd", "b", 20_000, 2048, 1024);
    javaWrites("socket://127.0.0.1:" + port + "?compression=lz4", "c", 40_000, 5, 5);
    List<List<List<Object>>> streams = PyArrowPeers.streams(PyArrow.await(python, 60));
    assertEquals(List.of(rows(0, 1000), rows(20_000, 2048), rows(40_000, 5)), streams);
  }

  @Test
  void javaWritesPythonListenerReadsOverUnixSocket() throws Exception {
    Path sock = tmp.resolve("py.sock");
    Process python = PyArrowPeers.startReady(PyArrowPeers.LISTENER, "unix", sock.toString(), "2");
    javaWrites("unix://" + sock, "a", 7, 1234, 500);
    javaWrites("unix://" + sock, "b", 9000, 1, 10);
    assertEquals(
        List.of(rows(7, 1234), rows(9000, 1)), PyArrowPeers.streams(PyArrow.await(python, 60)));
  }

  @Test
  void pythonListenerSeesAnAbortedBundleAsTruncated() throws Exception {
    int port = LoopbackPorts.next();
    Process python =
        PyArrowPeers.startReady(PyArrowPeers.LISTENER, "tcp", String.valueOf(port), "2");
    BatchSink aborted =
        transport.openSink(
            StreamConfig.parse("socket://127.0.0.1:" + port),
            SinkContext.of("w", "a", ""),
            SCHEMA,
            allocator);
    try (org.apache.arrow.vector.VectorSchemaRoot root =
        org.apache.arrow.vector.VectorSchemaRoot.create(SCHEMA, allocator)) {
      SocketTestData.fill(root, 0, 10);
      aborted.write(root);
    }
    aborted.abort();
    javaWrites("socket://127.0.0.1:" + port, "b", 100, 10, 10);
    assertEquals(List.of(false, true), PyArrowPeers.complete(PyArrow.await(python, 60)));
  }

  @Test
  void pythonWritesJavaListeningReaderReadsOverTcp() throws Exception {
    int port = LoopbackPorts.next();
    StreamConfig read = StreamConfig.parse("socket://127.0.0.1:" + port + "?role=listen&streams=2");
    Partition partition = transport.listPartitions(read, allocator).get(0);
    try (BatchSource source = transport.openSource(read, partition, 0, allocator)) {
      Process a =
          PyArrow.start(
              PyArrowPeers.PRODUCER, "connect", "tcp", String.valueOf(port), "0", "3000", "1000");
      Process b =
          PyArrow.start(
              PyArrowPeers.PRODUCER,
              "connect",
              "tcp",
              String.valueOf(port),
              "100000",
              "500",
              "64",
              "lz4");
      List<List<Object>> got = readAll(source);
      PyArrow.await(a, 60);
      PyArrow.await(b, 60);
      List<List<Object>> expected = new ArrayList<>(rows(0, 3000));
      expected.addAll(rows(100_000, 500));
      assertEquals(sorted(expected), sorted(got));
      assertEquals(SCHEMA, source.schema());
    }
  }

  @Test
  void pythonWritesJavaListeningReaderReadsOverUnixSocket() throws Exception {
    Path sock = tmp.resolve("java.sock");
    StreamConfig read = StreamConfig.parse("unix://" + sock + "?streams=1");
    try (BatchSource source = openOnly(read.toUri())) {
      Process a =
          PyArrow.start(
              PyArrowPeers.PRODUCER,
              "connect",
              "unix",
              sock.toString(),
              "42",
              "2500",
              "999",
              "zstd");
      assertEquals(rows(42, 2500), readAll(source));
      PyArrow.await(a, 60);
    }
  }

  @Test
  void pandasCategoricalsArriveAsPlainColumns() throws Exception {
    int port = LoopbackPorts.next();
    String script =
        String.join(
            "\n",
            "import sys, socket, pyarrow as pa",
            "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
            "with s, s.makefile('wb') as f:",
            "    schema = pa.schema([pa.field('id', pa.int64(), nullable=False), pa.field('name', pa.dictionary(pa.int32(), pa.string())),",
            "                        pa.field('score', pa.float64())])",
            "    with pa.ipc.new_stream(f, schema) as w:",
            "        for start in (0, 300):",
            "            ids = list(range(start, start + 300))",
            "            names = pa.array([None if i % 7 == 3 else 'näme-%d' % i for i in ids]).dictionary_encode()",
            "            scores = pa.array([None if i % 5 == 2 else i * 0.5 - 3.25 for i in ids], pa.float64())",
            "            w.write_batch(pa.record_batch([pa.array(ids, pa.int64()), names, scores], schema=schema))",
            "");
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?streams=1")) {
      Process python = PyArrow.start(script, String.valueOf(port));
      assertEquals(SCHEMA, source.schema());
      assertEquals(rows(0, 600), readAll(source));
      PyArrow.await(python, 60);
    }
  }

  @Test
  void portRangeParallelReadWithTwoPythonProducers() throws Exception {
    int first = LoopbackPorts.range(2);
    StreamConfig read =
        StreamConfig.parse("socket://127.0.0.1:" + first + "-" + (first + 1) + "?streams=1");
    List<Partition> partitions = transport.listPartitions(read, allocator);
    assertEquals(2, partitions.size());
    List<BatchSource> sources = new ArrayList<>();
    try {
      List<Future<List<List<Object>>>> readers = new ArrayList<>();
      for (Partition p : partitions) {
        BatchSource s = transport.openSource(read, p, 0, allocator);
        sources.add(s);
        readers.add(pool.submit(() -> readAll(s)));
      }
      Process a =
          PyArrow.start(
              PyArrowPeers.PRODUCER, "connect", "tcp", String.valueOf(first), "0", "4000", "512");
      Process b =
          PyArrow.start(
              PyArrowPeers.PRODUCER,
              "connect",
              "tcp",
              String.valueOf(first + 1),
              "50000",
              "3000",
              "700");
      assertEquals(sorted(rows(0, 4000)), sorted(readers.get(0).get()));
      assertEquals(sorted(rows(50_000, 3000)), sorted(readers.get(1).get()));
      PyArrow.await(a, 60);
      PyArrow.await(b, 60);
    } finally {
      for (BatchSource s : sources) {
        s.close();
      }
    }
  }

  @Test
  void javaDialsAPythonProducerThatServesAStream() throws Exception {
    int port = LoopbackPorts.next();
    Process python =
        PyArrowPeers.startReady(
            PyArrowPeers.PRODUCER, "serve", "tcp", String.valueOf(port), "10", "700", "128");
    StreamConfig read = StreamConfig.parse("socket://127.0.0.1:" + port + "?role=connect");
    try (BatchSource source = openOnly(read.toUri())) {
      assertEquals(rows(10, 700), readAll(source));
    }
    PyArrow.await(python, 60);
  }

  @Test
  void pythonDialsAListeningJavaWriter() throws Exception {
    int port = LoopbackPorts.next();
    BatchSink sink =
        transport.openSink(
            StreamConfig.parse("socket://127.0.0.1:" + port + "?role=listen"),
            SinkContext.of("w", "p", ""),
            SCHEMA,
            allocator);
    Future<?> writer =
        pool.submit(
            () -> {
              try (sink) {
                return writeRows(sink, allocator, 3, 1500, 400);
              }
            });
    String script =
        String.join(
            "\n",
            "import sys, json, socket, pyarrow as pa",
            "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
            "with s, s.makefile('rb') as f:",
            "    table = pa.ipc.open_stream(f).read_all()",
            "print(json.dumps([{'schema': [[fl.name, str(fl.type), fl.nullable] for fl in table.schema],",
            "                   'rows': [list(r.values()) for r in table.to_pylist()]}]))",
            "");
    List<List<List<Object>>> streams =
        PyArrowPeers.streams(PyArrow.run(script, String.valueOf(port)));
    writer.get();
    assertEquals(List.of(rows(3, 1500)), streams);
  }
}
