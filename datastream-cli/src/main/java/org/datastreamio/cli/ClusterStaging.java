package org.datastreamio.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The jars a pipeline stages to a remote Flink or Spark cluster: this command's classpath without
 * what the cluster already has (its engine's own jars, as a Flink 1.19 / Spark 3.5.3 distribution
 * ships them, listed at build time from cluster-homes/) and without the other runners (the Direct
 * runner, and Spark's runner and Scala on Flink, Flink's runner on Spark). Beam would otherwise
 * stage the whole classpath, about 355 MB.
 */
final class ClusterStaging {
  private ClusterStaging() {}

  /**
   * The engines whose clusters we can stage for, with the file-name prefixes of the runners they do
   * not need.
   */
  enum Engine {
    // Scala and RocksDB (Spark's kvstore) are here for Spark only: Flink 1.19's runtime is
    // Scala-free and brings
    // its own RocksDB with its state backend.
    FLINK(
        "flink-provided-jars.txt",
        List.of(
            "beam-runners-spark-",
            "beam-runners-direct-java-",
            "spark-",
            "scala-",
            "jackson-module-scala",
            "rocksdbjni-")),
    SPARK(
        "spark-provided-jars.txt",
        List.of("beam-runners-flink-", "beam-runners-direct-java-", "flink-"));

    private final String providedList;
    private final List<String> otherRunners;

    Engine(String providedList, List<String> otherRunners) {
      this.providedList = providedList;
      this.otherRunners = otherRunners;
    }
  }

  /** The entries of {@code classpath} to stage on {@code engine}'s cluster. */
  static List<String> filesToStage(Engine engine, String classpath) {
    Set<String> provided = providedJarNames(engine);
    List<String> staged = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty() || !new File(entry).exists()) {
        continue; // the JVM ignores a classpath entry that does not exist; Beam would refuse to
        // stage it
      }
      String name = new File(entry).getName();
      boolean otherRunner = engine.otherRunners.stream().anyMatch(name::startsWith);
      if (!provided.contains(name) && !otherRunner) {
        staged.add(entry);
      }
    }
    return staged;
  }

  /** The size of these files, in MB. */
  static double megabytes(List<String> files) {
    return files.stream().mapToLong(f -> new File(f).length()).sum() / 1e6;
  }

  /**
   * File names ({@code artifactId-version[-classifier].jar}) of the jars the engine's cluster
   * ships.
   */
  static Set<String> providedJarNames(Engine engine) {
    String resource = "staging/" + engine.providedList;
    try (InputStream in = ClusterStaging.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The build did not package "
                + resource
                + " (cluster-homes/"
                + engine.name().toLowerCase(Locale.ROOT)
                + " lists it): rebuild with ./mvnw -pl datastream-cli -am package");
      }
      Set<String> names = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        // "   group:artifact:type[:classifier]:version:scope -- module ..." from dependency:list
        String[] coordinates = line.trim().split(" ")[0].split(":");
        if (coordinates.length == 5) {
          names.add(coordinates[1] + "-" + coordinates[3] + "." + coordinates[2]);
        } else if (coordinates.length == 6) {
          names.add(
              coordinates[1] + "-" + coordinates[4] + "-" + coordinates[3] + "." + coordinates[2]);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
