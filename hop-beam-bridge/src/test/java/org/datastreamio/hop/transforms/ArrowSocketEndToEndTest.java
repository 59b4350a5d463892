package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.beam.BeamCollect;
import org.datastreamio.hop.beam.BeamPipelines;
import org.datastreamio.hop.beam.DataStreamBeamTranslation;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.PyArrow;
import org.datastreamio.testing.PyArrowProcesses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample project's orders-socket Data Stream: Hop dials a listening Beam pipeline, or a pyarrow
 * consumer.
 */
@ExtendWith({ArrowLeakCheck.class, PyArrowProcesses.class})
class ArrowSocketEndToEndTest {
  static final int ROWS = 100_000;

  /**
   * Listens on argv[1], reads one Arrow IPC stream per connection for argv[2] connections, prints
   * the table.
   */
  static final String PYARROW_CONSUMER =
      String.join(
          "\n",
          "import sys, socket, pyarrow as pa, pyarrow.ipc as ipc",
          "srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "srv.bind(('127.0.0.1', int(sys.argv[1]))); srv.listen(8); srv.settimeout(120)",
          "print('listening', flush=True)",
          "tables = []",
          "for _ in range(int(sys.argv[2])):",
          "    conn, _ = srv.accept()",
          "    with conn, conn.makefile('rb') as f:",
          "        tables.append(ipc.open_stream(f).read_all())",
          "t = pa.concat_tables(tables)",
          PyArrowReadsHopTest.PRINT_TABLE);

  Path project;
  JsonMetadataProvider provider;
  IVariables variables;
  int port;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @BeforeEach
  void setUp() throws Exception {
    project = HopProjectPipelinesTest.projectFolder();
    provider = HopPipelines.project(project);
    port = LoopbackPorts.next();
    variables = new Variables();
    variables.setVariable("DATA_STREAM", "orders-socket");
    variables.setVariable("SOCKET_PORT", Integer.toString(port));
    variables.setVariable("BATCH_ROWS", "10000");
  }

  /**
   * Waits until something listens on the port; an empty probe connection is not counted as a
   * stream.
   */
  private void awaitListener() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nothing started listening on port " + port);
  }

  @Test
  void hopWritesEveryTypeToABeamPipelineListeningOnTheSocket() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    variables.setVariable("OUTPUT_COPIES", "2");
    variables.setVariable("SOCKET_STREAMS", "2"); // one stream per Output copy
    String json = Files.readString(project.resolve("metadata/data-stream/orders-socket-in.json"));
    DataStreamBeamTranslation translation =
        DataStreamBeamTranslation.of(
            json, DataStreamBeamTranslation.variablesOf(variables), HopRowLayout.of(layout));
    Pipeline beam = BeamPipelines.direct();
    // A handle at once, so a failing test can cancel the read rather than leave it listening.
    beam.getOptions().as(DirectOptions.class).setBlockOnRun(false);
    beam.apply(translation.read())
        .apply(ParDo.of(new BeamCollect("socket-read", translation.layout())));
    PipelineResult running = beam.run();
    CompletableFuture<PipelineResult.State> reading =
        CompletableFuture.supplyAsync(running::waitUntilFinish);
    List<Object[]> rows = AllTypesRows.rows(ROWS);
    try {
      awaitListener();
      HopPipelines.writeWithProjectWriter(project, provider, variables, layout, rows);
      assertEquals(PipelineResult.State.DONE, reading.get(120, TimeUnit.SECONDS));
    } catch (Exception | Error e) {
      Pipelines.stop(running, reading, e);
      throw e;
    }
    assertEquals(
        AllTypesRows.multiset(rows, layout.size()),
        BeamCollect.multiset("socket-read", layout.size()));
  }

  @Test
  void pyarrowConsumesWhatAHopPipelineWritesToTheSocket() throws Exception {
    PyArrow.require();
    variables.setVariable("OUTPUT_COPIES", "1");
    Process python = PyArrow.start(PYARROW_CONSUMER, Integer.toString(port), "1");
    String first = readLine(python.getInputStream());
    assertEquals("listening", first);

    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> rows = AllTypesRows.rows(20_000);
    HopPipelines.writeWithProjectWriter(project, provider, variables, layout, rows);
    PyArrowReadsHopTest.assertPrintedTableIs(rows, PyArrow.await(python, 120));
  }

  @Test
  void hopDataStreamInputListensAndReadsWhatAnotherHopPipelineSends() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    variables.setVariable("OUTPUT_COPIES", "1");
    variables.setVariable("SOCKET_STREAMS", "1");
    IVariables readerVariables = new Variables();
    readerVariables.copyFrom(variables);
    readerVariables.setVariable("DATA_STREAM", "orders-socket-in");
    // No declared fields and a socket cannot tell its schema up front: the first stream's schema
    // gives them.
    AtomicReference<LocalPipelineEngine> reader = new AtomicReference<>();
    CompletableFuture<HopPipelines.ReadResult> reading =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return HopPipelines.read(
                    HopPipelines.load(
                        project.resolve("pipelines/read-data-stream.hpl"),
                        provider,
                        readerVariables),
                    provider,
                    readerVariables,
                    reader::set);
              } catch (HopException e) {
                throw new IllegalStateException(e);
              }
            });
    List<Object[]> rows = AllTypesRows.rows(30_000);
    HopPipelines.ReadResult read;
    try {
      awaitListener();
      HopPipelines.writeWithProjectWriter(project, provider, variables, layout, rows);
      read = reading.get(120, TimeUnit.SECONDS);
    } catch (Exception | Error e) {
      // The reading pipeline would otherwise listen on until its idle timeout.
      LocalPipelineEngine engine = reader.get();
      if (engine != null) {
        engine.stopAll();
      }
      try {
        reading.get(2, TimeUnit.MINUTES);
      } catch (Exception notStopped) {
        e.addSuppressed(notStopped);
      }
      throw e;
    }
    HopPipelines.assertNoErrors(read.errors, "Hop reader");
    assertEquals(
        AllTypesRows.multiset(rows, layout.size()),
        AllTypesRows.multiset(read.rows, layout.size()));
    for (int i = 0; i < layout.size(); i++) {
      assertEquals(
          layout.getValueMeta(i).getTypeDesc(), read.rowMeta.getValueMeta(i).getTypeDesc());
    }
  }

  @Test
  void nobodyListeningFailsNamingTheSocket() throws Exception {
    variables.setVariable("OUTPUT_COPIES", "1");
    IRowMeta layout = AllTypesRows.rowMeta();
    LocalPipelineEngine engine =
        HopPipelines.runProjectWriter(project, provider, variables, layout, AllTypesRows.rows(10));
    assertTrue(engine.getErrors() > 0);
    String log = HopPipelines.log(engine);
    assertTrue(log.contains("Data Stream 'orders-socket' (socket://127.0.0.1:" + port + ")"), log);
  }

  private static String readLine(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8).strip();
  }
}
