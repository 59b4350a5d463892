package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command stages to a remote cluster: its classpath without the cluster's jars and the
 * other runners.
 */
class ClusterStagingTest {
  private static final List<String> JARS =
      List.of(
          "datastream-cli.jar",
          "datastream-io-0.1.0-SNAPSHOT.jar",
          "beam-sdks-java-core-2.70.0.jar",
          "beam-runners-flink-1.19-2.70.0.jar",
          "beam-runners-spark-3-2.70.0.jar",
          "beam-runners-direct-java-2.70.0.jar",
          "flink-runtime-1.19.0.jar",
          "flink-shaded-guava-31.1-jre-17.0.jar",
          "spark-core_2.12-3.5.3.jar",
          "scala-library-2.12.18.jar",
          "netty-all-4.1.119.Final.jar",
          "guava-33.4.8-jre.jar");

  @TempDir Path lib;

  private String classpath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String jar : JARS) {
      entries.add(Files.createFile(lib.resolve(jar)).toString());
    }
    entries.add(
        lib.resolve("classes-that-do-not-exist").toString()); // as surefire's classpath may name
    return String.join(File.pathSeparator, entries);
  }

  private List<String> in(String... jars) {
    return List.of(jars).stream().map(j -> lib.resolve(j).toString()).toList();
  }

  @Test
  void flinkGetsOursAndWhatFlinkLacks() throws IOException {
    assertEquals(
        in(
            "datastream-cli.jar",
            "datastream-io-0.1.0-SNAPSHOT.jar",
            "beam-sdks-java-core-2.70.0.jar",
            "beam-runners-flink-1.19-2.70.0.jar",
            "netty-all-4.1.119.Final.jar",
            "guava-33.4.8-jre.jar"),
        ClusterStaging.filesToStage(ClusterStaging.Engine.FLINK, classpath()));
  }

  @Test
  void sparkGetsOursAndWhatSparkLacks() throws IOException {
    // Spark ships scala-library 2.12.18 and spark-core; netty-all 4.1.119 and Guava 33 are not its
    // versions.
    assertEquals(
        in(
            "datastream-cli.jar",
            "datastream-io-0.1.0-SNAPSHOT.jar",
            "beam-sdks-java-core-2.70.0.jar",
            "beam-runners-spark-3-2.70.0.jar",
            "netty-all-4.1.119.Final.jar",
            "guava-33.4.8-jre.jar"),
        ClusterStaging.filesToStage(ClusterStaging.Engine.SPARK, classpath()));
  }

  @Test
  void theListsNameTheEnginesOwnJars() {
    assertTrue(
        ClusterStaging.providedJarNames(ClusterStaging.Engine.FLINK)
            .contains("flink-runtime-1.19.0.jar"));
    assertTrue(
        ClusterStaging.providedJarNames(ClusterStaging.Engine.SPARK)
            .contains("spark-core_2.12-3.5.3.jar"));
    assertTrue(
        ClusterStaging.providedJarNames(ClusterStaging.Engine.SPARK).contains("guava-14.0.1.jar"));
  }
}
