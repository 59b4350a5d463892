package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.datastreamio.socket.SocketTestData.readAll;
import static org.datastreamio.socket.SocketTestData.rows;
import static org.datastreamio.socket.SocketTestData.sorted;
import static org.datastreamio.socket.SocketTestData.writeRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.ArrowBatch;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DataStreamIO over sockets on the Direct runner: rows out to a listener, rows and batches in from
 * writers.
 */
@Timeout(120)
class SocketPipelineTest extends SocketTestBase {
  static final Schema BEAM_SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("name", Schema.FieldType.STRING)
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .build();

  static List<Row> beamRows(long from, long count) {
    List<Row> out = new ArrayList<>();
    for (List<Object> r : rows(from, count)) {
      out.add(Row.withSchema(BEAM_SCHEMA).addValues(r).build());
    }
    return out;
  }

  /** Writers that dial in (with retries, as the pipeline may still be starting its listener). */
  private Future<?> javaWritersLater(int port, int writers, int rowsEach) {
    return pool.submit(
        () -> {
          StreamConfig config = StreamConfig.parse("socket://127.0.0.1:" + port + "?retries=30");
          for (int w = 0; w < writers; w++) {
            try (BatchSink sink =
                transport.openSink(config, SinkContext.of("w", "p" + w, ""), SCHEMA, allocator)) {
              writeRows(sink, allocator, w * 100_000L, rowsEach, 333);
            }
          }
          return null;
        });
  }

  @Test
  void rowsWrittenByDataStreamIOReachAListeningReader() throws Exception {
    int port = LoopbackPorts.next();
    // The bundle count is the runner's choice, so the reader takes rows until it has them all.
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port)) {
      Future<List<List<Object>>> got =
          pool.submit(
              () -> {
                List<List<Object>> rows = new ArrayList<>();
                while (rows.size() < 5000 && source.next()) {
                  rows.addAll(SocketTestData.rowsOf(source.root()));
                }
                return rows;
              });
      Pipeline p = Pipelines.direct();
      p.apply(Create.of(beamRows(0, 5000)).withRowSchema(BEAM_SCHEMA))
          .apply(DataStreamIO.write().to("socket://127.0.0.1:" + port).withBatchRows(700));
      p.run().waitUntilFinish();
      assertEquals(sorted(rows(0, 5000)), sorted(got.get()));
    }
  }

  @Test
  void dataStreamIOReadOfAListeningSocketWithSchema() throws Exception {
    int port = LoopbackPorts.next();
    Pipeline p = Pipelines.direct();
    PCollection<Row> read =
        p.apply(
            DataStreamIO.read()
                .from("socket://127.0.0.1:" + port + "?streams=3")
                .withSchema(BEAM_SCHEMA));
    List<Row> expected = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      expected.addAll(beamRows(w * 100_000L, 1200));
    }
    PAssert.that(read).containsInAnyOrder(expected);
    Future<?> writers = javaWritersLater(port, 3, 1200);
    p.run().waitUntilFinish();
    writers.get();
  }

  @Test
  void readBatchesNeedsNoSchema() throws Exception {
    int port = LoopbackPorts.next();
    Pipeline p = Pipelines.direct();
    PCollection<String> read =
        p.apply(
                DataStreamIO.readBatches()
                    .from("socket://127.0.0.1:" + port + "?role=listen&streams=2"))
            .apply(ParDo.of(new BatchRowsFn()));
    List<String> expected = new ArrayList<>();
    for (List<Object> r : rows(0, 900)) {
      expected.add(r.toString());
    }
    for (List<Object> r : rows(100_000, 900)) {
      expected.add(r.toString());
    }
    PAssert.that(read).containsInAnyOrder(expected);
    Future<?> writers = javaWritersLater(port, 2, 900);
    p.run().waitUntilFinish();
    writers.get();
  }

  @Test
  void pipelineWritesToAPythonListenerOverUnixSocket() throws Exception {
    Path sock = tmp.resolve("py-pipeline.sock");
    Process python = PyArrowPeers.startReady(PyArrowPeers.LISTENER, "unix", sock.toString(), "0");
    Pipeline p = Pipelines.direct();
    p.apply(Create.of(beamRows(0, 4000)).withRowSchema(BEAM_SCHEMA))
        .apply(DataStreamIO.write().to("unix://" + sock).withBatchRows(500));
    p.run().waitUntilFinish();
    PyArrowPeers.stopListener(java.net.UnixDomainSocketAddress.of(sock));
    List<List<Object>> got = new ArrayList<>();
    for (List<List<Object>> stream : PyArrowPeers.streams(PyArrow.await(python, 60))) {
      got.addAll(stream);
    }
    assertEquals(sorted(rows(0, 4000)), sorted(got));
  }

  @Test
  void pipelineReadsAPortRangeFromTwoPythonProducers() throws Exception {
    int first = LoopbackPorts.range(2);
    Pipeline p = Pipelines.direct();
    PCollection<String> read =
        p.apply(
                DataStreamIO.readBatches()
                    .from("socket://127.0.0.1:" + first + "-" + (first + 1) + "?streams=1"))
            .apply(ParDo.of(new BatchRowsFn()));
    List<String> expected = new ArrayList<>();
    for (List<Object> r : rows(0, 2000)) {
      expected.add(r.toString());
    }
    for (List<Object> r : rows(70_000, 1500)) {
      expected.add(r.toString());
    }
    PAssert.that(read).containsInAnyOrder(expected);
    // The producers retry their dial until the pipeline listens.
    Process a =
        PyArrow.start(
            PyArrowPeers.PRODUCER, "connect", "tcp", String.valueOf(first), "0", "2000", "256");
    Process b =
        PyArrow.start(
            PyArrowPeers.PRODUCER,
            "connect",
            "tcp",
            String.valueOf(first + 1),
            "70000",
            "1500",
            "256");
    p.run().waitUntilFinish();
    PyArrow.await(a, 60);
    PyArrow.await(b, 60);
  }

  /**
   * What {@code datastream copy --from 'socket://...?role=listen&streams=N' --to file://...} runs:
   * no schema given.
   */
  @Test
  void copyFromAListeningSocketIntoFilesNeedsNoSchema() throws Exception {
    int port = LoopbackPorts.next();
    String out = "file://" + tmp + "/copy";
    Pipeline p = Pipelines.direct();
    p.apply(
            DataStreamIO.readBatches()
                .from("socket://127.0.0.1:" + port + "?role=listen&streams=2"))
        .apply(DataStreamIO.writeBatches().to(out));
    Future<?> writers = javaWritersLater(port, 2, 1500);
    p.run().waitUntilFinish();
    writers.get();

    StreamConfig files = StreamConfig.parse(out);
    Transport file = Transports.forConfig(files);
    List<List<Object>> got = new ArrayList<>();
    for (Partition part : file.listPartitions(files, allocator)) {
      try (BatchSource source = file.openSource(files, part, 0, allocator)) {
        assertEquals(SCHEMA.getFields(), source.schema().getFields());
        got.addAll(readAll(source));
      }
    }
    List<List<Object>> expected = new ArrayList<>(rows(0, 1500));
    expected.addAll(rows(100_000, 1500));
    assertEquals(sorted(expected), sorted(got));
  }

  @Test
  void rowReadWithoutSchemaFailsAtConstruction() {
    Pipeline p = Pipelines.direct();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> p.apply(DataStreamIO.read().from("socket://127.0.0.1:9?streams=1")));
    assertEquals(
        "The schema of socket stream socket://127.0.0.1:9 is only known once data arrives. Give it with"
            + " DataStreamIO.read().withSchema(schema), or read with DataStreamIO.readBatches(), which carries each batch's schema.",
        e.getMessage());
  }

  @Test
  void rowReadOfAListeningSocketThatGotNoStreamSaysSo() {
    int port = LoopbackPorts.next();
    Pipeline p = Pipelines.direct();
    p.apply(
        DataStreamIO.read()
            .from("socket://127.0.0.1:" + port + "?idleTimeout=1s")
            .withSchema(BEAM_SCHEMA));
    RuntimeException e = assertThrows(RuntimeException.class, p::run);
    Throwable cause = e;
    while (cause.getCause() != null && !cause.getMessage().startsWith("Partition ")) {
      cause = cause.getCause();
    }
    String endpoint = "socket://127.0.0.1:" + port;
    assertEquals(
        "Partition "
            + endpoint
            + " of "
            + endpoint
            + " has no fields to match the schema of the read: no Arrow stream"
            + " arrived on "
            + endpoint
            + " while it listened for idleTimeout 1000 ms. Check that the writers ran and"
            + " dialled this address, start them before idleTimeout runs out, or raise"
            + " 'idleTimeout'; readBatches() takes a partition without streams as no batches.",
        cause.getMessage());
  }

  /**
   * Every row of every batch as its value list's string, for a multiset comparison with PAssert.
   */
  static class BatchRowsFn extends DoFn<ArrowBatch, String> {
    @ProcessElement
    public void process(@Element ArrowBatch batch, OutputReceiver<String> out) throws IOException {
      try (BufferAllocator a = ArrowMemory.newChild("assert");
          VectorSchemaRoot root = batch.open(a)) {
        for (List<Object> row : SocketTestData.rowsOf(root)) {
          out.output(row.toString());
        }
      }
    }
  }
}
