package org.datastreamio.socket;

import static org.datastreamio.socket.SocketTestData.SCHEMA;
import static org.datastreamio.socket.SocketTestData.readAll;
import static org.datastreamio.socket.SocketTestData.rows;
import static org.datastreamio.socket.SocketTestData.sorted;
import static org.datastreamio.socket.SocketTestData.writeRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.ArrowBatch;
import org.datastreamio.beam.ArrowBatchCoder;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listening read ends when the DataStream writes into it end (their end-of-write marker), not
 * after its idle timeout. Every read here has an idle timeout of ten minutes and every test a far
 * shorter JUnit timeout: a read that waited for its idle timeout would fail the test.
 */
@Timeout(90)
class SocketEndOfWriteTest extends SocketTestBase {
  private static final String NEVER_IDLE = "idleTimeout=10m";

  private StreamConfig writeConfig(int port) {
    return StreamConfig.parse("socket://127.0.0.1:" + port + "?retries=0");
  }

  private WrittenPart writeStream(int port, String partId, long from, int count)
      throws IOException {
    try (BatchSink sink =
        transport.openSink(writeConfig(port), SinkContext.of("w", partId, ""), SCHEMA, allocator)) {
      return writeRows(sink, allocator, from, count, 100);
    }
  }

  @Test
  void readEndsOnceTheWriteAnnouncesItsEndAndARepeatedMarkerChangesNothing() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?" + NEVER_IDLE)) {
      Future<List<List<Object>>> read = pool.submit(() -> readAll(source));
      List<WrittenPart> parts = new ArrayList<>();
      List<List<Object>> expected = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        parts.add(writeStream(port, "p" + w, w * 10_000L, 250 + w));
        expected.addAll(rows(w * 10_000L, 250 + w));
      }
      // The write's last step, run twice (a runner may retry it).
      transport.endOfWrite(writeConfig(port), "write-1", parts);
      transport.endOfWrite(writeConfig(port), "write-1", parts);
      assertEquals(sorted(expected), sorted(read.get()));
    }
  }

  @Test
  void readEndsOnTheMarkerOverAUnixSocket() throws Exception {
    String uri = "unix://" + tmp.resolve("eow.sock");
    try (BatchSource source = openOnly(uri + "?" + NEVER_IDLE)) {
      Future<List<List<Object>>> read = pool.submit(() -> readAll(source));
      StreamConfig write = StreamConfig.parse(uri + "?retries=0");
      List<WrittenPart> parts = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        try (BatchSink sink =
            transport.openSink(write, SinkContext.of("w", "u" + w, ""), SCHEMA, allocator)) {
          parts.add(writeRows(sink, allocator, w * 1000L, 180, 70));
        }
      }
      transport.endOfWrite(write, "write-u", parts);
      List<List<Object>> expected = new ArrayList<>(rows(0, 180));
      expected.addAll(rows(1000, 180));
      assertEquals(sorted(expected), sorted(read.get()));
    }
  }

  @Test
  void aPortOfTheRangeThatGotNoStreamIsToldTheWriteEnded() throws Exception {
    int first = LoopbackPorts.range(2);
    String range = "socket://127.0.0.1:" + first + "-" + (first + 1);
    StreamConfig read = StreamConfig.parse(range + "?" + NEVER_IDLE);
    List<BatchSource> sources = new ArrayList<>();
    try {
      List<Future<List<List<Object>>>> readers = new ArrayList<>();
      for (Partition p : transport.listPartitions(read, allocator)) {
        BatchSource source = transport.openSource(read, p, 0, allocator);
        sources.add(source);
        readers.add(pool.submit(() -> readAll(source)));
      }
      // One stream: it goes to one of the two ports; the other gets a marker naming no stream.
      StreamConfig write = StreamConfig.parse(range + "?retries=0");
      WrittenPart part;
      try (BatchSink sink =
          transport.openSink(write, SinkContext.of("w", "only", ""), SCHEMA, allocator)) {
        part = writeRows(sink, allocator, 0, 640, 100);
      }
      transport.endOfWrite(write, "write-r", List.of(part));
      List<List<Object>> got = new ArrayList<>();
      for (Future<List<List<Object>>> r : readers) {
        got.addAll(r.get());
      }
      assertEquals(sorted(rows(0, 640)), sorted(got));
    } finally {
      for (BatchSource s : sources) {
        s.close();
      }
    }
  }

  @Test
  void aMarkerDoesNotEndTheReadBeforeEveryStreamItAnnouncesIsComplete() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?" + NEVER_IDLE)) {
      Future<List<List<Object>>> read = pool.submit(() -> readAll(source));
      WrittenPart first = writeStream(port, "p1", 0, 300);
      String readId = first.location().replaceAll(".*#read=([^&]*)&.*", "$1");
      // Announces streams 1 and 3 while only stream 1 arrived; the marker is connection 2.
      EndOfWrite.send(
          Endpoint.tcp("127.0.0.1", port),
          SocketSettings.DEFAULT_CONNECT_TIMEOUT,
          SocketSettings.DEFAULT_IDLE_TIMEOUT,
          EndOfWrite.marker(
              "write-1",
              new EndOfWrite.Acknowledged(Endpoint.tcp("127.0.0.1", port), readId, Set.of(1, 3))));
      // Still listening: a read that had ended would refuse this writer (retries=0).
      WrittenPart second = writeStream(port, "p2", 50_000, 400);
      assertTrue(second.location().contains("&stream=3&"), second.location());
      List<List<Object>> expected = new ArrayList<>(rows(0, 300));
      expected.addAll(rows(50_000, 400));
      assertEquals(sorted(expected), sorted(read.get()));
    }
  }

  @Test
  void aMarkerForAnotherReadIsIgnoredAndWritesCountsTheWrites() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?writes=2&" + NEVER_IDLE)) {
      Future<List<List<Object>>> read = pool.submit(() -> readAll(source));
      WrittenPart a = writeStream(port, "a", 0, 120);
      // A marker of an earlier read on this address, naming the same stream number.
      EndOfWrite.send(
          Endpoint.tcp("127.0.0.1", port),
          SocketSettings.DEFAULT_CONNECT_TIMEOUT,
          SocketSettings.DEFAULT_IDLE_TIMEOUT,
          EndOfWrite.marker(
              "write-0",
              new EndOfWrite.Acknowledged(
                  Endpoint.tcp("127.0.0.1", port), UUID.randomUUID().toString(), Set.of(1))));
      transport.endOfWrite(writeConfig(port), "write-a", List.of(a));
      // One of two writes ended: the read goes on, so the second write's stream is taken.
      WrittenPart b = writeStream(port, "b", 90_000, 130);
      transport.endOfWrite(writeConfig(port), "write-b", List.of(b));
      List<List<Object>> expected = new ArrayList<>(rows(0, 120));
      expected.addAll(rows(90_000, 130));
      assertEquals(sorted(expected), sorted(read.get()));
    }
  }

  @Test
  void anEmptyStreamOfNoFieldsFromOneWriteDoesNotClashWithAnotherWritesSchema() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?writes=2&" + NEVER_IDLE)) {
      Future<List<List<Object>>> read = pool.submit(() -> readAll(source));
      // What an empty writeBatches() sends: its schema, which it does not know, so no fields.
      WrittenPart empty;
      try (BatchSink sink =
          transport.openSink(
              writeConfig(port),
              SinkContext.of("w", "empty", ""),
              new org.apache.arrow.vector.types.pojo.Schema(List.of()),
              allocator)) {
        empty = sink.finish();
      }
      transport.endOfWrite(writeConfig(port), "write-empty", List.of(empty));
      WrittenPart data = writeStream(port, "data", 0, 140);
      transport.endOfWrite(writeConfig(port), "write-data", List.of(data));
      assertEquals(sorted(rows(0, 140)), sorted(read.get()));
    }
  }

  @Test
  void aStreamCutShortBeforeTheMarkerStillFailsTheRead() throws Exception {
    int port = LoopbackPorts.next();
    try (BatchSource source = openOnly("socket://127.0.0.1:" + port + "?" + NEVER_IDLE)) {
      Future<List<List<Object>>> read = pool.submit(() -> readAll(source));
      WrittenPart complete = writeStream(port, "ok", 0, 200);
      try (BatchSink broken =
              transport.openSink(
                  writeConfig(port), SinkContext.of("w", "broken", ""), SCHEMA, allocator);
          VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        SocketTestData.fill(root, 7_000, 50);
        broken.write(root);
        broken.abort();
      }
      transport.endOfWrite(writeConfig(port), "write-1", List.of(complete));
      ExecutionException e = assertThrows(ExecutionException.class, read::get);
      assertTrue(
          e.getCause().getMessage().contains("without the end-of-stream marker"),
          e.getCause().getMessage());
    }
  }

  @Test
  void aListeningPipelineReadEndsWhenTheWritingPipelineEnds() throws Exception {
    int port = LoopbackPorts.next();
    Pipeline reader = Pipelines.direct();
    PCollection<Row> read =
        reader.apply(
            DataStreamIO.read()
                .from("socket://127.0.0.1:" + port + "?" + NEVER_IDLE)
                .withSchema(SocketPipelineTest.BEAM_SCHEMA));
    List<Row> expected = SocketPipelineTest.beamRows(0, 6000);
    PAssert.that(read).containsInAnyOrder(expected);
    Future<PipelineResult.State> reading = pool.submit(() -> reader.run().waitUntilFinish());
    Pipeline writer = Pipelines.direct();
    writer
        .apply(Create.of(expected).withRowSchema(SocketPipelineTest.BEAM_SCHEMA))
        // Several bundles, so several streams.
        .apply(Reshuffle.<Row>viaRandomKey().withNumBuckets(4))
        .apply(
            DataStreamIO.write()
                .to("socket://127.0.0.1:" + port + "?retries=30")
                .withBatchRows(500));
    writer.run().waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, reading.get());
  }

  @Test
  void aRowReadOfAPortRangeTakesThePortsTheWriteSentNothingAsNoRows() throws Exception {
    // One row, one bundle, one stream: one of the two ports gets only the end-of-write marker.
    writeWhileARowReadOfTwoPortsListens(SocketPipelineTest.beamRows(0, 1));
  }

  @Test
  void aWriteOfNoRowsEndsTheListeningReadsOfEveryPortOfItsRange() throws Exception {
    // No row, so no bundle writes a part: the write still tells both ports it is over.
    writeWhileARowReadOfTwoPortsListens(List.of());
  }

  /**
   * Writes {@code rows} (one pipeline) to a row read listening on two ports (another), which must
   * get exactly those rows and end with the write. Two ports: the Direct runner reads two
   * partitions at once, and a port whose read starts only after the write ended would never hear of
   * its end.
   */
  private void writeWhileARowReadOfTwoPortsListens(List<Row> rows) throws Exception {
    int first = LoopbackPorts.range(2);
    String range = "socket://127.0.0.1:" + first + "-" + (first + 1);
    Pipeline reader = Pipelines.direct();
    PCollection<Row> read =
        reader.apply(
            DataStreamIO.read()
                .from(range + "?" + NEVER_IDLE)
                .withSchema(SocketPipelineTest.BEAM_SCHEMA));
    PAssert.that(read).containsInAnyOrder(rows);
    Future<PipelineResult.State> reading = pool.submit(() -> reader.run().waitUntilFinish());
    // The marker is sent once, so both ports must listen before the write ends.
    awaitListening(first);
    awaitListening(first + 1);
    Pipeline writer = Pipelines.direct();
    writer
        .apply(Create.of(rows).withCoder(RowCoder.of(SocketPipelineTest.BEAM_SCHEMA)))
        .apply(DataStreamIO.write().to(range + "?retries=30"));
    writer.run().waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, reading.get());
  }

  @Test
  void aWriteOfNoBatchesEndsTheListeningRead() throws Exception {
    int port = LoopbackPorts.next();
    String uri = "socket://127.0.0.1:" + port;
    Pipeline reader = Pipelines.direct();
    PCollection<ArrowBatch> read =
        reader.apply(DataStreamIO.readBatches().from(uri + "?" + NEVER_IDLE));
    PAssert.that(read).empty();
    Future<PipelineResult.State> reading = pool.submit(() -> reader.run().waitUntilFinish());
    awaitListening(port);
    Pipeline writer = Pipelines.direct();
    writer
        .apply(Create.empty(ArrowBatchCoder.of()))
        .apply(DataStreamIO.writeBatches().to(uri + "?retries=30"));
    writer.run().waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, reading.get());
  }

  /** Dials until the port answers; a connection that sends nothing is not taken as a stream. */
  private static void awaitListening(int port) throws InterruptedException {
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
  }

  @Test
  void aPyArrowListenerGetsExactlyTheDataStreamsAndNoMarker() throws Exception {
    int port = LoopbackPorts.next();
    Process python =
        PyArrowPeers.startReady(PyArrowPeers.LISTENER, "tcp", String.valueOf(port), "0");
    try {
      Pipeline writer = Pipelines.direct();
      writer
          .apply(
              Create.of(SocketPipelineTest.beamRows(0, 3000))
                  .withRowSchema(SocketPipelineTest.BEAM_SCHEMA))
          .apply(Reshuffle.<Row>viaRandomKey().withNumBuckets(3))
          .apply(DataStreamIO.write().to("socket://127.0.0.1:" + port).withBatchRows(400));
      writer.run().waitUntilFinish();
      PyArrowPeers.stopListener(new InetSocketAddress("127.0.0.1", port));
      // streams() checks every stream's schema and end-of-stream marker: a marker would show as
      // a stream without fields.
      List<List<Object>> got = new ArrayList<>();
      List<List<List<Object>>> streams = PyArrowPeers.streams(PyArrow.await(python, 60));
      assertFalse(streams.isEmpty());
      streams.forEach(got::addAll);
      assertEquals(sorted(rows(0, 3000)), sorted(got));
    } finally {
      python.destroyForcibly();
    }
  }
}
