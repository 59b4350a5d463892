package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command stages to a remote cluster: its classpath without the cluster's jars and the
 * other runners; on Spark, datastream-io-bundled in place of the jars it carries.
 */
class ClusterStagingTest {
  /** Each jar of the classpath with one class of its own. */
  private static final Map<String, String> JARS = new LinkedHashMap<>();

  static {
    JARS.put("datastream-cli.jar", "org/datastreamio/cli/DataStreamCli.class");
    JARS.put("datastream-io-0.1.0-SNAPSHOT.jar", "org/datastreamio/beam/DataStreamIO.class");
    JARS.put("beam-sdks-java-core-2.70.0.jar", "org/apache/beam/sdk/Pipeline.class");
    JARS.put(
        "beam-runners-flink-1.19-2.70.0.jar", "org/apache/beam/runners/flink/FlinkRunner.class");
    JARS.put("beam-runners-spark-3-2.70.0.jar", "org/apache/beam/runners/spark/SparkRunner.class");
    JARS.put(
        "beam-runners-direct-java-2.70.0.jar", "org/apache/beam/runners/direct/DirectRunner.class");
    JARS.put("flink-runtime-1.19.0.jar", "org/apache/flink/runtime/Foo.class");
    JARS.put("flink-shaded-guava-31.1-jre-17.0.jar", "org/apache/flink/shaded/Guava.class");
    JARS.put("spark-core_2.12-3.5.3.jar", "org/apache/spark/SparkContext.class");
    JARS.put("scala-library-2.12.18.jar", "scala/Option.class");
    JARS.put("arrow-vector-18.3.0.jar", "org/apache/arrow/vector/VectorSchemaRoot.class");
    JARS.put("netty-all-4.1.119.Final.jar", "io/netty/buffer/ByteBuf.class");
    JARS.put("hadoop-client-api-3.4.1.jar", "org/apache/hadoop/fs/FileSystem.class");
    JARS.put("guava-33.4.8-jre.jar", "com/google/common/base/Preconditions.class");
  }

  @TempDir Path lib;

  private String classpath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (Map.Entry<String, String> jar : JARS.entrySet()) {
      entries.add(jar(jar.getKey(), jar.getValue()).toString());
    }
    entries.add(
        lib.resolve("classes-that-do-not-exist").toString()); // as surefire's classpath may name
    return String.join(File.pathSeparator, entries);
  }

  /** A jar in lib holding these (empty) class files. */
  private Path jar(String name, String... classes) throws IOException {
    Path jar = lib.resolve(name);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String c : classes) {
        zip.putNextEntry(new ZipEntry(c));
        zip.closeEntry();
      }
    }
    return jar;
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
            "arrow-vector-18.3.0.jar",
            "netty-all-4.1.119.Final.jar",
            "hadoop-client-api-3.4.1.jar",
            "guava-33.4.8-jre.jar"),
        ClusterStaging.filesToStage(ClusterStaging.Engine.FLINK, classpath()));
  }

  @Test
  void sparkGetsTheBundleInPlaceOfWhatItCarriesAndWhatSparkLacks() throws IOException {
    // The bundle holds datastream-io and Arrow under their own names, Netty and Guava relocated.
    // Spark ships scala-library 2.12.18 and spark-core, and Hadoop's client at 3.3.4, which its
    // executors load before anything staged; Beam's core is neither Spark's nor carried.
    Path bundle =
        jar(
            "datastream-io-bundled.jar",
            "org/datastreamio/beam/DataStreamIO.class",
            "org/apache/arrow/vector/VectorSchemaRoot.class",
            "org/datastreamio/shaded/io/netty/buffer/ByteBuf.class",
            "org/datastreamio/shaded/com/google/common/base/Preconditions.class");
    List<String> expected = new ArrayList<>(List.of(bundle.toString()));
    expected.addAll(
        in(
            "datastream-cli.jar",
            "beam-sdks-java-core-2.70.0.jar",
            "beam-runners-spark-3-2.70.0.jar"));
    assertEquals(
        expected,
        ClusterStaging.filesToStage(
            ClusterStaging.Engine.SPARK, classpath(), BundledJar.of(bundle.toFile())));
  }

  @Test
  void aJarIsCarriedOnlyIfEveryClassOfItIsInTheBundle() throws IOException {
    BundledJar bundle =
        BundledJar.of(
            jar(
                    "bundle.jar",
                    "org/datastreamio/shaded/com/google/common/base/Preconditions.class",
                    "org/datastreamio/Foo.class")
                .toFile());
    assertTrue(
        bundle.carries(jar("guava.jar", "com/google/common/base/Preconditions.class").toFile()));
    assertFalse(
        bundle.carries(
            jar(
                    "more.jar",
                    "com/google/common/base/Preconditions.class",
                    "com/google/common/base/Strings.class")
                .toFile()));
    assertFalse(bundle.carries(jar("no-classes.jar").toFile()));
    Path classes = Files.createDirectories(lib.resolve("classes/org/datastreamio"));
    Files.createFile(classes.resolve("Foo.class"));
    assertTrue(bundle.carries(lib.resolve("classes").toFile()));
  }

  @Test
  void aJarIsOfAnArtifactWhenItsVersionFollowsTheName() {
    assertTrue(ClusterStaging.isJarOf("netty-codec-4.1.119.Final.jar", "netty-codec"));
    assertTrue(
        ClusterStaging.isJarOf(
            "netty-transport-native-epoll-4.1.119.Final-linux-x86_64.jar",
            "netty-transport-native-epoll"));
    assertFalse(ClusterStaging.isJarOf("netty-codec-http-4.1.119.Final.jar", "netty-codec"));
    assertFalse(ClusterStaging.isJarOf("netty-codec.jar", "netty-codec"));
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
