package org.datastreamio.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example's shaded jar uploaded to a Flink 1.19 session cluster (JobManager and two
 * TaskManagers, each its own JVM) and run through its REST API, as {@code flink run} does.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FlinkClusterTest extends ClusterTransportsContract {
  @TempDir static Path dir;
  private static FlinkCluster flink;
  private static Peers.FlightServer flight;
  private static String jarId;

  @BeforeAll
  static void startCluster() throws Exception {
    flink = new FlinkCluster(Path.of(System.getProperty("cluster.flinkLib")), dir, 2);
    flight = Peers.flightServer(dir);
    jarId = flink.upload(Path.of(System.getProperty("cluster.exampleJar")));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try (AutoCloseable c = flink;
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

  private static String killedJob;

  @Override
  void killAWorkerMidWrite(Submission running) throws Exception {
    killedJob = flink.killATaskManagerWhileAJobRuns(Duration.ofMinutes(3));
  }

  @Override
  void assertAWorkerWasLost(Submission finished) throws Exception {
    flink.assertJobRecovered(killedJob);
  }

  /**
   * {@code datastream copy --runner FlinkRunner --beam-option=--flinkMaster=...} against this
   * cluster, staging what it lacks (SparkClusterTest runs the command on Spark).
   */
  @Test
  void theCommandLineCopiesOnTheClusterStagingWhatItLacks() throws Exception {
    String in = "file://" + dir.resolve("cli-in");
    String out = "file://" + dir.resolve("cli-out");
    submit("--to=" + in, "--rows=" + ROWS).assertSucceeds(SUBMISSION);
    try (JavaProcess cli =
        Peers.cli(
            "cli-copy",
            dir,
            List.of(),
            List.of(
                "copy",
                "--parallelism",
                "2",
                "--from",
                in,
                "--to",
                out,
                "--runner",
                "FlinkRunner",
                "--beam-option=--flinkMaster=" + flink.restAddress()))) {
      cli.assertSucceeds(SUBMISSION);
      cli.awaitLog(
          Pattern.compile("Staging \\d+ jars \\(\\d+ MB\\) to the FlinkRunner cluster"),
          Duration.ZERO);
    }
    ClusterRows.assertExactlyOnce(out, ROWS);
  }

  @Override
  Submission submit(String... args) throws Exception {
    // A REST submission runs main detached: Beam must not ask for the attached result
    // (attachedMode) nor, from
    // main, for the job's state (waitUntilFinish); the test follows the job through the REST API
    // instead.
    List<String> all =
        new ArrayList<>(
            List.of(
                "--runner=FlinkRunner",
                "--parallelism=2",
                "--attachedMode=false",
                "--waitUntilFinish=false"));
    all.addAll(List.of(args));
    CompletableFuture<JsonNode> run = flink.run(jarId, MAIN, all);
    // main returns once the job is submitted; the submission has ended when the job has.
    CompletableFuture<String> jobEnded =
        run.thenApplyAsync(
            answer -> {
              try {
                return flink.awaitEnd(answer.path("jobid").asText(), SUBMISSION);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    return new Submission() {
      @Override
      public CompletableFuture<?> ended() {
        return jobEnded;
      }

      @Override
      public void assertSucceeds(Duration timeout) throws Exception {
        JsonNode answer = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        flink.assertFinished(answer.path("jobid").asText(), timeout);
      }

      @Override
      public void close() {
        run.cancel(true);
      }
    };
  }
}
