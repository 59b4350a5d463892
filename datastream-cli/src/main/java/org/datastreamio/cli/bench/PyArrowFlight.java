package org.datastreamio.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.datastreamio.arrow.ArrowMemory;

/**
 * {@code pyarrow_flight}: pyarrow's own Flight DoPut and DoGet of the same batches, in a Python
 * process, as a reference point for Arrow C++. The bench writes the dataset as an Arrow IPC file
 * (untimed); the script times its Flight round trip itself and reports its own peak memory. Python
 * is {@code $DATASTREAM_PYTHON}, else {@code .venv/bin/python} in the working directory or a
 * parent, else {@code python3}.
 */
final class PyArrowFlight implements Contender {
  private static final String SCRIPT = "pyarrow_flight_bench.py";
  private String unavailable;

  @Override
  public String name() {
    return "pyarrow_flight";
  }

  @Override
  public String description() {
    return "pyarrow (Arrow C++) Flight DoPut then DoGet of the same batches, in Python";
  }

  @Override
  public synchronized String unavailable() {
    if (unavailable == null) {
      try {
        Process p =
            new ProcessBuilder(python(), "-c", "import pyarrow.flight")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        unavailable =
            p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0
                ? ""
                : "pyarrow with Flight is not importable by "
                    + python()
                    + " (set DATASTREAM_PYTHON to a Python that has it)";
      } catch (IOException | InterruptedException e) {
        unavailable = "cannot start " + python() + ": " + e.getMessage();
      }
    }
    return unavailable;
  }

  static String python() {
    String env = System.getenv("DATASTREAM_PYTHON");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path venv = dir.resolve(".venv").resolve("bin").resolve("python");
      if (Files.isExecutable(venv)) {
        return venv.toString();
      }
    }
    return "python3";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    Path dataset = run.workDir.resolve("pyarrow-dataset.arrow");
    Path script = run.workDir.resolve(SCRIPT);
    writeDataset(run.data, dataset);
    try (InputStream in = PyArrowFlight.class.getResourceAsStream(SCRIPT)) {
      Files.write(script, in.readAllBytes());
    }
    run.startClock();
    Process p =
        new ProcessBuilder(python(), script.toString(), dataset.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "pyarrow_flight: " + script + " failed (exit " + p.exitValue() + "): " + out);
    }
    JsonNode result = new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
    run.stopClockAt(result.get("seconds").asDouble());
    run.reportPeakMb(result.get("peak_mb").asDouble());
    run.reportCpuSeconds(result.get("cpu_seconds").asDouble());
    Files.deleteIfExists(dataset);
    return result.get("rows").asLong();
  }

  private static void writeDataset(BenchData data, Path file) throws IOException {
    try (BufferAllocator allocator = ArrowMemory.newChild("bench-pyarrow-dataset");
        VectorSchemaRoot root = data.newRoot(allocator);
        FileOutputStream out = new FileOutputStream(file.toFile());
        ArrowFileWriter writer = new ArrowFileWriter(root, null, out.getChannel())) {
      VectorLoader loader = new VectorLoader(root);
      writer.start();
      for (ArrowRecordBatch batch : data.batches) {
        loader.load(batch);
        writer.writeBatch();
      }
      writer.end();
    }
  }
}
