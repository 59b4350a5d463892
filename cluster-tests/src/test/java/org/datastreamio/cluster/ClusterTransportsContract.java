package org.datastreamio.cluster;

import java.nio.file.Path;
import java.time.Duration;
import org.datastreamio.runners.SocketFixture;
import org.datastreamio.testing.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transport written and read back by the example pipeline's shaded jar on a cluster, each row
 * checked value by value here: file and Flight (our server in its own JVM) round trips, a socket
 * written to a listener in another process, and a socket read on the cluster from a writer in
 * another process; and a worker JVM (TaskManager, executor) killed while a write to a file or
 * Flight stream runs, after which the stream holds every row exactly once.
 */
abstract class ClusterTransportsContract {
  static final long ROWS = 50_000;
  static final String MAIN = "org.datastreamio.examples.CopyPipeline";
  static final Duration SUBMISSION = Duration.ofMinutes(4);

  /** Enough rows that the write is still running when a worker is killed. */
  static final long KILL_ROWS = 200_000;

  /** The test's scratch directory (logs, file streams). */
  abstract Path dir();

  abstract Peers.FlightServer flight();

  /** Submits the example with these arguments (the runner's own are added). */
  abstract Submission submit(String... args) throws Exception;

  /**
   * Once {@code running}'s write has started, kills one worker JVM with SIGKILL (as a crash would)
   * and returns; the cluster is left able to run the next pipeline.
   */
  abstract void killAWorkerMidWrite(Submission running) throws Exception;

  /** Fails unless the cluster saw the kill: the pipeline lost a worker and recovered. */
  abstract void assertAWorkerWasLost(Submission finished) throws Exception;

  @ParameterizedTest
  @ValueSource(strings = {"file", "flight"})
  void aWorkerKilledMidWriteLeavesEveryRowExactlyOnce(String transport) throws Exception {
    String to =
        transport.equals("file")
            ? "file://" + dir().resolve("killed-write")
            : flight().uri(getClass().getSimpleName() + "-killed-write");
    try (Submission write = submit("--to=" + to, "--rows=" + KILL_ROWS)) {
      killAWorkerMidWrite(write);
      write.assertSucceeds(SUBMISSION);
      assertAWorkerWasLost(write);
    }
    ClusterRows.assertExactlyOnce(to, KILL_ROWS);
  }

  @Test
  void fileAndFlightWrittenAndReadOnTheCluster() throws Exception {
    String written = "file://" + dir().resolve("written");
    String viaFlight = flight().uri(getClass().getSimpleName() + "-copy");
    String back = "file://" + dir().resolve("back");
    submit("--to=" + written, "--rows=" + ROWS).assertSucceeds(SUBMISSION);
    submit("--from=" + written, "--to=" + viaFlight).assertSucceeds(SUBMISSION);
    submit("--from=" + viaFlight, "--to=" + back).assertSucceeds(SUBMISSION);
    ClusterRows.assertExactlyOnce(back, ROWS);
  }

  @Test
  void socketWrittenToAListenerInAnotherProcess() throws Exception {
    String socket = "socket://127.0.0.1:" + LoopbackPorts.next();
    String out = "file://" + dir().resolve("from-socket");
    // The listener idles out a minute after the last writer connected: long enough for a submission
    // to start.
    try (JavaProcess listener =
        Peers.copy("socket-listener", dir(), socket + "?idleTimeout=60s", out)) {
      SocketFixture.awaitListening(socket, listener.ended());
      submit("--to=" + socket + "?retries=30", "--rows=" + ROWS).assertSucceeds(SUBMISSION);
      listener.assertSucceeds(Duration.ofMinutes(2));
    }
    ClusterRows.assertExactlyOnce(out, ROWS);
  }

  @Test
  void socketReadOnTheClusterFromAWriterInAnotherProcess() throws Exception {
    String in = "file://" + dir().resolve("socket-source");
    submit("--to=" + in, "--rows=" + ROWS).assertSucceeds(SUBMISSION);
    String socket = "socket://127.0.0.1:" + LoopbackPorts.next();
    String out = "file://" + dir().resolve("read-from-socket");
    try (Submission reading = submit("--from=" + socket + "?idleTimeout=20s", "--to=" + out)) {
      SocketFixture.awaitListening(socket, reading.ended());
      try (JavaProcess writer = Peers.copy("socket-writer", dir(), in, socket + "?retries=30")) {
        writer.assertSucceeds(Duration.ofMinutes(2));
      }
      reading.assertSucceeds(SUBMISSION);
    }
    ClusterRows.assertExactlyOnce(out, ROWS);
  }
}
