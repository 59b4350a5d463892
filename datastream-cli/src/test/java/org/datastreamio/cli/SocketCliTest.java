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

/** {@code datastream copy} from a listening socket, as a user runs it: in its own JVM, with pyarrow as the writer. */
class SocketCliTest {
  @TempDir Path dir;

  /** Sends one IPC stream of {@code rows} rows (id 0..rows-1) to a Unix socket. */
  private static final String SEND = String.join("\n",
      "import sys, socket, pyarrow as pa",
      "path, rows = sys.argv[1], int(sys.argv[2])",
      "schema = pa.schema([pa.field('id', pa.int64(), nullable=False)])",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path)",
      "with s, s.makefile('wb') as f, pa.ipc.new_stream(f, schema) as w:",
      "    if rows: w.write_batch(pa.record_batch([pa.array(range(rows), pa.int64())], schema=schema))",
      "");

  private static final String READ = String.join("\n",
      "import sys, glob, os, pyarrow as pa, pyarrow.ipc as ipc",
      "files = [f for f in sorted(glob.glob(os.path.join(sys.argv[1], '*'))) if not os.path.basename(f).startswith(('.', '_'))]",
      "ids = sorted(i for f in files for i in ipc.open_file(f).read_all().column('id').to_pylist())",
      "print(len(files), ids)",
      "");

  /** Runs the copy; once it says it listens, pyarrow sends; returns the copy's output. */
  private String copyFromSocket(int rows, Path out) throws Exception {
    PyArrow.require();
    Path sock = dir.resolve("rows.sock");
    Path log = dir.resolve("copy.log");
    List<String> cmd = ServerProcess.command(List.of(),
        List.of("copy", "--from", "unix://" + sock + "?streams=1", "--to", "file://" + out));
    Process copy = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("Listening for Arrow IPC streams on unix://" + sock)) {
        if (!copy.isAlive() || System.nanoTime() > deadline) {
          fail("copy did not say it listens:\n" + Files.readString(log));
        }
        Thread.sleep(50);
      }
      // No waiting for the socket file: the line is the promise that a writer can start now.
      PyArrow.run(SEND, 60, sock.toString(), Integer.toString(rows));
      if (!copy.waitFor(120, TimeUnit.SECONDS)) {
        fail("copy did not finish:\n" + Files.readString(log));
      }
      assertEquals(0, copy.exitValue(), Files.readString(log));
      return Files.readString(log);
    } finally {
      copy.destroyForcibly();
    }
  }

  @Test
  void aListeningCopySaysWhenItListensAndTakesTheRows() throws Exception {
    Path out = dir.resolve("out");
    String log = copyFromSocket(3, out);
    assertEquals(1, log.lines().filter(l -> l.contains("Listening for Arrow IPC streams")).count(), log);
    assertEquals("1 [0, 1, 2]\n", PyArrow.run(READ, out.toString()));
  }

  /** A stream of no batches carries no schema to write a file of; the copy and a read of it say so. */
  @Test
  void anEmptySocketStreamSaysNothingArrived() throws Exception {
    Path out = dir.resolve("empty");
    String log = copyFromSocket(0, out);
    assertTrue(log.contains("copy: nothing arrived from unix://" + dir.resolve("rows.sock") + "?streams=1, so nothing was written to file://"
        + out + "; a read of it will find no data."), log);
    CommandsTest.Run cat = new CommandsTest.Run("cat", "--from", "file://" + out);
    assertEquals(1, cat.exit, cat.out);
    assertTrue(cat.err.contains(out.toString()), cat.err);
  }
}
