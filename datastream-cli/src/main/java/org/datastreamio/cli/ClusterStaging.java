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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The jars a pipeline stages to a remote Flink or Spark cluster: this command's classpath without
 * what the cluster already has (its engine's own jars, as a Flink 1.19 / Spark 3.5.3 distribution
 * ships them, listed at build time from cluster-homes/) and without the other runners (the Direct
 * runner, and Spark's runner and Scala on Flink, Flink's runner on Spark). Beam would otherwise
 * stage the whole classpath, about 355 MB. On Spark, datastream-io-bundled replaces datastream-io
 * and the libraries the bundle carries ({@link BundledJar}).
 */
final class ClusterStaging {
  private ClusterStaging() {}

  /**
   * The engines whose clusters we can stage for, with the file-name prefixes of the jars they do
   * not need (the other runners, the engine's own modules, the logging backend), and whether their
   * workers load the cluster's classes before the staged ones.
   */
  enum Engine {
    // Scala and RocksDB (Spark's kvstore) are here for Spark only: Flink 1.19's runtime is
    // Scala-free and brings its own RocksDB with its state backend. Flink loads a job's classes
    // child-first, so our versions of what Flink also has are the ones its workers use.
    FLINK(
        "flink-provided-jars.txt",
        List.of(
            "beam-runners-spark-",
            "beam-runners-direct-java-",
            "spark-",
            "scala-",
            "jackson-module-scala",
            "rocksdbjni-"),
        false),
    // A Spark cluster has every spark-* module at its own version (ours are what Beam's runner
    // compiled against) and its own SLF4J backend; its executors load Spark's jars first.
    SPARK(
        "spark-provided-jars.txt",
        List.of(
            "beam-runners-flink-",
            "beam-runners-direct-java-",
            "flink-",
            "spark-",
            "slf4j-simple-"),
        true);

    private final String providedList;
    private final List<String> notNeeded;
    private final boolean clusterClassesFirst;

    Engine(String providedList, List<String> notNeeded, boolean clusterClassesFirst) {
      this.providedList = providedList;
      this.notNeeded = notNeeded;
      this.clusterClassesFirst = clusterClassesFirst;
    }
  }

  /** The entries of {@code classpath} to stage on {@code engine}'s cluster. */
  static List<String> filesToStage(Engine engine, String classpath) {
    return filesToStage(engine, classpath, engine == Engine.SPARK ? BundledJar.locate() : null);
  }

  /**
   * The entries of {@code classpath} to stage on {@code engine}'s cluster, with {@code bundle} (if
   * not null) in place of the entries it carries.
   */
  static List<String> filesToStage(Engine engine, String classpath, @Nullable BundledJar bundle) {
    Set<String> provided = providedJarNames(engine);
    Set<String> providedArtifacts = providedArtifactIds(engine);
    List<String> staged = new ArrayList<>();
    if (bundle != null) {
      staged.add(bundle.file().getPath());
    }
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty() || !new File(entry).exists()) {
        continue; // the JVM ignores a classpath entry that does not exist; Beam would refuse to
        // stage it
      }
      String name = new File(entry).getName();
      boolean notNeeded = engine.notNeeded.stream().anyMatch(name::startsWith);
      // Where the cluster's classes come first, our other version of one of its artifacts would
      // only add the classes its version lacks: a mix of two versions.
      boolean shadowed =
          engine.clusterClassesFirst && providedArtifacts.stream().anyMatch(a -> isJarOf(name, a));
      if (!provided.contains(name)
          && !notNeeded
          && !shadowed
          && (bundle == null || !bundle.carries(new File(entry)))) {
        staged.add(entry);
      }
    }
    return staged;
  }

  /** Whether {@code fileName} is {@code artifactId-VERSION[-classifier].jar}. */
  static boolean isJarOf(String fileName, String artifactId) {
    return fileName.length() > artifactId.length() + 1
        && fileName.startsWith(artifactId + "-")
        && Character.isDigit(fileName.charAt(artifactId.length() + 1));
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
    Set<String> names = new HashSet<>();
    for (String[] c : providedCoordinates(engine)) {
      names.add(
          c.length == 5
              ? c[1] + "-" + c[3] + "." + c[2]
              : c[1] + "-" + c[4] + "-" + c[3] + "." + c[2]);
    }
    return names;
  }

  /** The artifact ids of the jars the engine's cluster ships. */
  static Set<String> providedArtifactIds(Engine engine) {
    Set<String> ids = new HashSet<>();
    for (String[] c : providedCoordinates(engine)) {
      ids.add(c[1]);
    }
    return ids;
  }

  /**
   * {@code group:artifact:type[:classifier]:version:scope} of each jar the engine's cluster ships,
   * from the list the build packaged ({@code dependency:list} of cluster-homes/).
   */
  private static List<String[]> providedCoordinates(Engine engine) {
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
      List<String[]> coordinates = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        // "   group:artifact:type[:classifier]:version:scope -- module ..." from dependency:list
        String[] c = line.trim().split(" ")[0].split(":");
        if (c.length == 5 || c.length == 6) {
          coordinates.add(c);
        }
      }
      return coordinates;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
