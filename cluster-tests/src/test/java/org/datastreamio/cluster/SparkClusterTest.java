package org.datastreamio.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example's shaded jar (built against datastream-io-bundled) submitted with SparkSubmit, in its
 * own JVM, to a Spark 3.5.3 standalone cluster whose executors carry Spark's own netty-all 4.1.96
 * and Guava 14.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SparkClusterTest extends ClusterTransportsContract {
  @TempDir static Path dir;
  private static SparkCluster spark;
  private static Peers.FlightServer flight;
  private static int submissions;

  @BeforeAll
  static void startCluster() throws Exception {
    spark = new SparkCluster(Path.of(System.getProperty("cluster.sparkHome")), dir);
    flight = Peers.flightServer(dir);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try (AutoCloseable s = spark;
        AutoCloseable f = flight) {
      // both closed, the Flight server first, on every path
    }
  }

  @Override
  Path dir() {
    return dir;
  }

  @Override
  Peers.FlightServer flight() {
    return flight;
  }

  @Override
  void killAWorkerMidWrite(Submission running) throws Exception {
    spark.killAnExecutorWhenTasksRun((JavaProcess) running);
  }

  @Override
  void assertAWorkerWasLost(Submission finished) throws Exception {
    ((JavaProcess) finished).awaitLog(Pattern.compile("Lost executor \\d+"), Duration.ZERO);
  }

  /**
   * {@code datastream copy --runner SparkRunner --beam-option=--sparkMaster=spark://...}, the
   * command in its own JVM as the driver, copies a file to our Flight server and back to a file on
   * this cluster. It stages datastream-io-bundled in place of datastream-io and its unrelocated
   * Arrow, Netty, gRPC, protobuf and Guava, which met Spark's Netty 4.1.96 and Guava 14 on the
   * executors.
   */
  @Test
  void theCommandLineCopiesFileToFlightToFileOnTheCluster() throws Exception {
    String in = "file://" + dir.resolve("cli-in");
    String viaFlight = flight.uri("SparkClusterTest-cli");
    String out = "file://" + dir.resolve("cli-out");
    ClusterRows.writeHere(in, ROWS);
    copyWithTheCommandLine("cli-copy-to-flight", in, viaFlight);
    copyWithTheCommandLine("cli-copy-back", viaFlight, out);
    ClusterRows.assertExactlyOnce(out, ROWS);
  }

  private static void copyWithTheCommandLine(String name, String from, String to) throws Exception {
    long start = System.nanoTime();
    try (JavaProcess cli =
        Peers.cli(
            name,
            dir,
            List.of(),
            List.of(
                "copy",
                "--parallelism",
                "2",
                "--from",
                from,
                "--to",
                to,
                "--runner",
                "SparkRunner",
                "--beam-option=--sparkMaster=" + spark.masterUrl()))) {
      cli.assertSucceeds(SUBMISSION);
      String staged =
          cli.awaitLog(
              Pattern.compile(
                  "(Staging \\d+ jars \\(\\d+ MB\\)) to the SparkRunner cluster: what it lacks,"
                      + " with datastream-io-bundled in place of datastream-io"),
              Duration.ZERO);
      // For docs/runners.md: what a submission stages and how long the command ran.
      System.out.printf(
          "%s: %s, %d s from start to end%n",
          name, staged, Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }
  }

  @Override
  JavaProcess submit(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--runner=SparkRunner"));
    all.addAll(List.of(args));
    return spark.submit(
        "spark-submission-" + (++submissions),
        Path.of(System.getProperty("cluster.exampleJar")),
        MAIN,
        all);
  }
}
