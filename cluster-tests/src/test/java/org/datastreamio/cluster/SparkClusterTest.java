package org.datastreamio.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
