package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datastream copy} from a listening socket, as a user runs it: in its own JVM, with pyarrow
 * as the writer.
 */
class SocketCliTest {
  @TempDir Path dir;

  /** Sends one IPC stream of {@code rows} rows (id 0..rows-1) to a Unix socket. */
  private static final String SEND =
      String.join(
          "\n",
          "import sys, socket, pyarrow as pa",
          "path, rows = sys.argv[1], int(sys.argv[2])",
          "schema = pa.schema([pa.field('id', pa.int64(), nullable=False)])",
          "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path)",
          "with s, s.makefile('wb') as f, pa.ipc.new_stream(f, schema) as w:",
          "    if rows: w.write_batch(pa.record_batch([pa.array(range(rows), pa.int64())], schema=schema))",
          "");

  /**
   * Sends a complete batch of ids 0..2, then half of a batch of ids 3..5, and closes: a stream cut
   * mid-batch.
   */
  private static final String SEND_CUT =
      String.join(
          "\n",
          "import sys, socket, pyarrow as pa",
          "schema = pa.schema([pa.field('id', pa.int64(), nullable=False)])",
          "sink = pa.BufferOutputStream(); w = pa.ipc.new_stream(sink, schema)",
          "w.write_batch(pa.record_batch([pa.array([0, 1, 2], pa.int64())], schema=schema)); first = sink.tell()",
          "w.write_batch(pa.record_batch([pa.array([3, 4, 5], pa.int64())], schema=schema))",
          "data = sink.getvalue().to_pybytes()",
          "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1])",
          "with s: s.sendall(data[:first + (len(data) - first) // 2])",
          "");

  private static final String READ =
      String.join(
          "\n",
          "import sys, glob, os, pyarrow as pa, pyarrow.ipc as ipc",
          "files = [f for f in sorted(glob.glob(os.path.join(sys.argv[1], '*'))) if not os.path.basename(f).startswith(('.', '_'))]",
          "ids = sorted(i for f in files for i in ipc.open_file(f).read_all().column('id').to_pylist())",
          "print(len(files), ids)",
          "");

  /** Runs the copy; once it says it listens, pyarrow sends; returns the copy's output. */
  private String copyFromSocket(int rows, Path out) throws Exception {
    Path sock = dir.resolve("rows.sock");
    Process copy =
        listening(
            List.of("copy", "--from", "unix://" + sock + "?streams=1", "--to", "file://" + out),
            SEND,
            Integer.toString(rows));
    Path log = dir.resolve("cli.log");
    assertEquals(0, copy.exitValue(), Files.readString(log));
    return Files.readString(log);
  }

  /**
   * Runs a CLI command that listens on dir/rows.sock in its own JVM (stdout to dir/cli.out, stderr
   * to dir/cli.log); once it says it listens, runs the pyarrow sender; returns the ended process.
   */
  private Process listening(List<String> args, String sender, String... senderArgs)
      throws Exception {
    PyArrow.require();
    Path sock = dir.resolve("rows.sock");
    Path log = dir.resolve("cli.log");
    List<String> cmd = ServerProcess.command(List.of(), args);
    Process copy =
        new ProcessBuilder(cmd)
            .redirectError(log.toFile())
            .redirectOutput(dir.resolve("cli.out").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("Listening for Arrow IPC streams on unix://" + sock)) {
        if (!copy.isAlive() || System.nanoTime() > deadline) {
          fail("copy did not say it listens:\n" + Files.readString(log));
        }
        Thread.sleep(50);
      }
      // No waiting for the socket file: the line is the promise that a writer can start now.
      List<String> a = new java.util.ArrayList<>(List.of(sock.toString()));
      a.addAll(List.of(senderArgs));
      PyArrow.run(sender, 60, a.toArray(String[]::new));
      if (!copy.waitFor(120, TimeUnit.SECONDS)) {
        fail(args.get(0) + " did not finish:\n" + Files.readString(log));
      }
      return copy;
    } finally {
      copy.destroyForcibly();
    }
  }

  @Test
  void aListeningCopySaysWhenItListensAndTakesTheRows() throws Exception {
    Path out = dir.resolve("out");
    String log = copyFromSocket(3, out);
    assertEquals(
        1, log.lines().filter(l -> l.contains("Listening for Arrow IPC streams")).count(), log);
    assertTrue(
        Files.readString(dir.resolve("cli.out")).startsWith("copy: 3 rows"),
        Files.readString(dir.resolve("cli.out")));
    assertEquals("1 [0, 1, 2]\n", PyArrow.run(READ, out.toString()));
  }

  /**
   * A stream of no batches carries no schema to write a file of; the copy and a read of it say so.
   */
  @Test
  void anEmptySocketStreamSaysNothingArrived() throws Exception {
    Path out = dir.resolve("empty");
    String log = copyFromSocket(0, out);
    assertTrue(
        log.contains(
            "copy: nothing arrived from unix://"
                + dir.resolve("rows.sock")
                + "?streams=1, so nothing was written to file://"
                + out
                + "; a read of it will find no data."),
        log);
    CommandsTest.Run cat = new CommandsTest.Run("cat", "--from", "file://" + out);
    assertEquals(1, cat.exit, cat.out);
    assertTrue(cat.err.contains(out.toString()), cat.err);
  }

  /**
   * cat prints the rows of the batches that arrived whole, then exits 1 saying the stream was cut.
   */
  @Test
  void catOfAStreamCutMidBatchPrintsWhatArrivedThenFails() throws Exception {
    Path sock = dir.resolve("rows.sock");
    Process cat =
        listening(
            List.of("cat", "--format", "csv", "--from", "unix://" + sock + "?streams=1"), SEND_CUT);
    String err = Files.readString(dir.resolve("cli.log"));
    assertEquals(1, cat.exitValue(), err);
    assertEquals(
        List.of("id", "0", "1", "2"),
        Files.readString(dir.resolve("cli.out")).lines().toList(),
        err);
    assertTrue(
        err.contains(
            "in the middle of record batch 2 (after 1 complete record batches): the stream is truncated"),
        err);
  }
}
