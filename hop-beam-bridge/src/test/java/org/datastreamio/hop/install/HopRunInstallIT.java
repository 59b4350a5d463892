package org.datastreamio.hop.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.transforms.HopPipelines;
import org.datastreamio.hop.transforms.PyArrowReadsHopTest;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin archive installed into Hop the way docs/hop-gui.md says, and Hop's own hop-run ({@code
 * org.apache.hop.run.HopRun}) run as a separate process on a project folder
 * (src/test/resources/hop-run-project: metadata/data-stream/*.json, the local run configuration and
 * a Data Stream Input -> Data Stream Output pipeline). The Hop runtimes come from Hop's Maven
 * artifacts (hop-beam-bridge/hop-runtime). Every row is checked value by value.
 */
class HopRunInstallIT {
  static final int ROWS = 1_000;
  static final Duration RUN = Duration.ofSeconds(120);

  @TempDir Path hopHome;
  @TempDir Path streams;

  Path project;
  Path input;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  /**
   * Copies the sample project, writes the input Arrow files (in this JVM, with the plugin's own
   * code).
   */
  @BeforeEach
  void projectAndInput() throws Exception {
    project = streams.resolve("project");
    copyTree(Path.of("src/test/resources/hop-run-project"), project);
    input = streams.resolve("input");
    write(input, AllTypesRows.rows(ROWS));
  }

  @Test
  void everyImplementationMovesEveryRowOnHop216() throws Exception {
    HopInstallation hop = HopInstallation.install(hopHome, HopRuntimes.hop216(), pluginArchive());
    filesToFiles(hop);
    throughFlight(hop);

    // files -> socket: a pyarrow consumer listens, Hop's two Output copies dial it.
    Path portFile = streams.resolve("socket.port");
    Process python =
        PyArrow.start(
            PYTHON_LISTENER + "\n" + PyArrowReadsHopTest.PRINT_TABLE, portFile.toString(), "2");
    try {
      String port = awaitFile(portFile, python);
      HopInstallation.Run run =
          hop.hopRun(
              project,
              "copy-data-stream.hpl",
              params("SOURCE", "input-files", "TARGET", "to-python", "SOCKET_PORT", port),
              RUN);
      assertTrue(run.succeeded(), "files -> socket:\n" + run.log());
      PyArrowReadsHopTest.assertPrintedTableIs(AllTypesRows.rows(ROWS), PyArrow.await(python, 60));
    } finally {
      ChildProcesses.stop(python);
    }
  }

  @Test
  void flightAndFilesOnHop217Engine() throws Exception {
    HopInstallation hop = HopInstallation.install(hopHome, HopRuntimes.hop217(), pluginArchive());
    throughFlight(hop);
  }

  @Test
  void arrowThatCannotStartFailsPromptlyNamingTheOption() throws Exception {
    HopInstallation hop = HopInstallation.install(hopHome, HopRuntimes.hop216(), pluginArchive());
    // An own launcher without hop-run.sh's --add-opens.
    HopInstallation.Run run =
        hop.hopRun(
            project,
            "copy-data-stream.hpl",
            params(
                "SOURCE",
                "input-files",
                "TARGET",
                "output-files",
                "STREAM_DIR",
                streams.resolve("files").toString()),
            List.of(),
            RUN);
    assertFalse(run.succeeded(), "hop-run must fail:\n" + run.log());
    assertTrue(
        run.log().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"),
        "the error names the option to add:\n" + run.log());
    assertTrue(
        run.log().contains("Data Stream Input") && run.log().contains("input-files"),
        "names the transform and the Data Stream:\n" + run.log());
    assertNothingVisible(streams.resolve("files").resolve("orders"));
  }

  @Test
  void withoutBeamTheFileTransportFailsAtStartSayingWhatToAdd() throws Exception {
    HopInstallation hop =
        HopInstallation.install(hopHome, HopRuntimes.hop216WithoutBeam(), pluginArchive());
    HopInstallation.Run run =
        hop.hopRun(
            project,
            "copy-data-stream.hpl",
            params(
                "SOURCE",
                "input-files",
                "TARGET",
                "output-files",
                "STREAM_DIR",
                streams.resolve("files").toString()),
            RUN);
    assertFalse(run.succeeded(), "hop-run must fail:\n" + run.log());
    assertTrue(
        run.log().contains("Apache Beam's core SDK") && run.log().contains("lib/core"),
        "says what is missing and where it goes:\n" + run.log());
    assertTrue(
        run.log().contains("Transform 'Data Stream Input' (copy 0), Data Stream 'input-files'"),
        "names the copy and the Data Stream:\n" + run.log());
    assertNothingVisible(streams.resolve("files").resolve("orders"));
  }

  @Test
  void anUpstreamFailureCommitsNoPart() throws Exception {
    // The input's second file is not Arrow: Data Stream Input fails after Data Stream Output has
    // opened its parts.
    Files.write(
        input.resolve("zz-broken.arrow"), "not an Arrow file".getBytes(StandardCharsets.UTF_8));
    HopInstallation hop = HopInstallation.install(hopHome, HopRuntimes.hop216(), pluginArchive());
    HopInstallation.Run run =
        hop.hopRun(
            project,
            "copy-data-stream.hpl",
            params(
                "SOURCE",
                "input-files",
                "TARGET",
                "output-files",
                "STREAM_DIR",
                streams.resolve("files").toString()),
            RUN);
    assertFalse(run.succeeded(), "hop-run must fail:\n" + run.log());
    assertTrue(
        run.log().contains("zz-broken.arrow") && run.log().contains("input-files"),
        "the error names the file and the Data Stream:\n" + run.log());
    assertNothingVisible(streams.resolve("files").resolve("orders"));
  }

  @Test
  void aConsumerThatGoesAwayMidRunFailsTheRunPromptly() throws Exception {
    write(streams.resolve("big"), AllTypesRows.rows(BIG_ROWS));
    HopInstallation hop = HopInstallation.install(hopHome, HopRuntimes.hop216(), pluginArchive());
    Path portFile = streams.resolve("socket.port");
    Process python = PyArrow.start(PYTHON_TAKES_ONE_BATCH, portFile.toString());
    try {
      Map<String, String> p =
          params(
              "SOURCE",
              "input-files",
              "TARGET",
              "to-python",
              "SOCKET_PORT",
              awaitFile(portFile, python),
              "OUTPUT_COPIES",
              "1");
      p.put("INPUT_DIR", streams.resolve("big").toString());
      HopInstallation.Run run = hop.hopRun(project, "copy-data-stream.hpl", p, RUN);
      assertFalse(run.succeeded(), "hop-run must fail when its consumer goes away:\n" + run.log());
      assertTrue(
          run.log()
              .contains(
                  "Transform 'Data Stream Output' (copy 0) could not write a batch to Data Stream 'to-python' (socket://127.0.0.1:"),
          "fails mid-run naming the copy, the Data Stream and the endpoint:\n" + run.log());
      assertFalse(
          run.log().contains("Memory was leaked"), "Arrow memory is released:\n" + run.log());
    } finally {
      ChildProcesses.stop(python);
    }
  }

  /** Takes the first record batch of one stream, then closes the connection and ends. */
  static final String PYTHON_TAKES_ONE_BATCH =
      String.join(
          "\n",
          "import os, socket, sys, pyarrow.ipc as ipc",
          "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1); srv.settimeout(120)",
          "open(sys.argv[1] + '.tmp', 'w').write(str(srv.getsockname()[1])); os.rename(sys.argv[1] + '.tmp', sys.argv[1])",
          "conn, _ = srv.accept()",
          "f = conn.makefile('rb')",
          "ipc.open_stream(f).read_next_batch()",
          "f.close(); conn.close(); srv.close()");

  static final int BIG_ROWS = 300_000;

  /**
   * No committed part: no Arrow file in the folder (staged parts live elsewhere or are removed).
   */
  static void assertNothingVisible(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        List<Path> arrow =
            files
                .filter(f -> f.toString().endsWith(".arrow"))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(List.of(), arrow, "no part visible after a failure");
      }
    }
  }

  @Test
  void coexistsWithTheLibrariesOfHopsBeamEngine() throws Exception {
    HopInstallation hop =
        HopInstallation.install(hopHome, HopRuntimes.hop216WithBeamEngine(), pluginArchive());
    throughFlight(hop);
  }

  /** files -> files, checked row by row. */
  void filesToFiles(HopInstallation hop) throws Exception {
    HopInstallation.Run files =
        hop.hopRun(
            project,
            "copy-data-stream.hpl",
            params(
                "SOURCE",
                "input-files",
                "TARGET",
                "output-files",
                "STREAM_DIR",
                streams.resolve("files").toString()),
            RUN);
    assertTrue(files.succeeded(), "files -> files:\n" + files.log());
    assertRows(streams.resolve("files").resolve("orders"), "files -> files");
  }

  /**
   * files -> Flight (basic auth, the server in its own JVM) and Flight -> files, checked row by
   * row.
   */
  void throughFlight(HopInstallation hop) throws Exception {
    try (FlightServerProcess server = FlightServerProcess.start(streams.resolve("flight.port"))) {
      HopInstallation.Run put =
          hop.hopRun(
              project,
              "copy-data-stream.hpl",
              params(
                  "SOURCE", "input-files", "TARGET", "orders-flight", "FLIGHT_PORT", server.port()),
              RUN);
      assertTrue(put.succeeded(), "files -> Flight:\n" + put.log() + server.log());
      assertFalse(
          put.log().contains(FlightServerProcess.PASSWORD),
          "the Flight password must not be logged");
      HopInstallation.Run get =
          hop.hopRun(
              project,
              "copy-data-stream.hpl",
              params(
                  "SOURCE",
                  "orders-flight",
                  "TARGET",
                  "output-files",
                  "FLIGHT_PORT",
                  server.port(),
                  "STREAM_DIR",
                  streams.resolve("back").toString(),
                  "OUTPUT_COPIES",
                  "1"),
              RUN);
      assertTrue(get.succeeded(), "Flight -> files:\n" + get.log() + server.log());
    }
    assertRows(streams.resolve("back").resolve("orders"), "files -> Flight -> files");
  }

  /**
   * Listens on an ephemeral loopback port (written to argv[1]) for argv[2] Arrow IPC streams into
   * table t.
   */
  static final String PYTHON_LISTENER =
      String.join(
          "\n",
          "import os, socket, sys, pyarrow as pa, pyarrow.ipc as ipc",
          "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(8); srv.settimeout(120)",
          "open(sys.argv[1] + '.tmp', 'w').write(str(srv.getsockname()[1])); os.rename(sys.argv[1] + '.tmp', sys.argv[1])",
          "tables = []",
          "for _ in range(int(sys.argv[2])):",
          "    conn, _ = srv.accept()",
          "    with conn, conn.makefile('rb') as f:",
          "        tables.append(ipc.open_stream(f).read_all())",
          "t = pa.concat_tables(tables)");

  /** Pipeline parameters: INPUT_DIR is the input files' folder, the rest as given. */
  Map<String, String> params(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("INPUT_DIR", input.toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Path pluginArchive() {
    Path zip = Path.of(System.getProperty("datastream.plugin.archive"));
    assertTrue(Files.isRegularFile(zip), "plugin archive built: " + zip);
    return zip;
  }

  /** Writes rows as Arrow files with the plugin's Data Stream Output, in this JVM. */
  static void write(Path dir, List<Object[]> rows) throws Exception {
    Path project = Files.createTempDirectory(dir.getParent(), "writer");
    JsonMetadataProvider provider = HopPipelines.project(project);
    provider
        .getSerializer(DataStream.class)
        .save(new DataStream("files", new ArrowFileStream(dir.toString(), "file")));
    IRowMeta layout = AllTypesRows.rowMeta();
    HopPipelines.assertNoErrors(
        HopPipelines.write(
            HopPipelines.writer("files", layout, 1), provider, new Variables(), layout, rows),
        "input writer");
  }

  /**
   * Reads the Arrow files in {@code dir} with the plugin's Data Stream Input, in this JVM, and
   * compares every row.
   */
  static void assertRows(Path dir, String what) throws Exception {
    Path project = Files.createTempDirectory(dir.getParent(), "reader");
    JsonMetadataProvider provider = HopPipelines.project(project);
    provider
        .getSerializer(DataStream.class)
        .save(new DataStream("check", new ArrowFileStream(dir.toString(), "file")));
    HopPipelines.ReadResult read =
        HopPipelines.read(HopPipelines.reader("check", 1), provider, new Variables());
    HopPipelines.assertNoErrors(read.errors, what + " read back");
    assertEquals(
        AllTypesRows.multiset(AllTypesRows.rows(ROWS), 9),
        AllTypesRows.multiset(read.rows, 9),
        what);
  }

  static String awaitFile(Path file, Process owner) throws IOException, InterruptedException {
    return awaitFile(file, owner, () -> PyArrow.stderr(owner));
  }

  /**
   * Waits for {@code owner} to write {@code file} (its port); fails with {@code diagnostics} if it
   * ends first.
   */
  static String awaitFile(Path file, Process owner, java.util.function.Supplier<String> diagnostics)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      if (!owner.isAlive()) {
        fail(
            "process ended before it was ready (exit "
                + owner.exitValue()
                + "): "
                + diagnostics.get());
      }
      if (System.nanoTime() > deadline) {
        fail("not ready within 60 s: " + file);
      }
      Thread.sleep(50);
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
