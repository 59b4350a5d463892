package org.datastreamio.hop.install;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars of the Hop runtimes that hop-beam-bridge/hop-runtime assembles from Hop's Maven
 * artifacts.
 */
final class HopRuntimes {
  private HopRuntimes() {}

  /**
   * Hop 2.16's lib/core: hop-core and hop-engine 2.16.0 and Beam's core SDK 2.62.0, with their
   * dependency closure.
   */
  static List<Path> hop216() throws IOException {
    Path lib = Path.of(System.getProperty("hop.runtime.dir"), "hop-2.16", "lib");
    List<Path> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    }
    assertTrue(
        jars.size() > 50
            && jars.stream()
                .anyMatch(p -> p.getFileName().toString().equals("hop-engine-2.16.0.jar")),
        "Hop 2.16 runtime assembled in " + lib + " (build hop-beam-bridge/hop-runtime): " + jars);
    return jars;
  }

  /**
   * Hop 2.16 with what its Beam engine adds to Hop's classpath: gRPC 1.67, Netty 4.1.110, protobuf
   * 3.25, Arrow 15.
   */
  static List<Path> hop216WithBeamEngine() throws IOException {
    Path lib = Path.of(System.getProperty("hop.runtime.dir"), "hop-2.16-beam-engine", "lib");
    List<Path> jars = hop216();
    try (Stream<Path> files = Files.list(lib)) {
      files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
    }
    assertTrue(
        jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("grpc-core-")),
        "Beam engine libraries in " + lib);
    return jars;
  }

  /** Hop 2.16 without Beam's jars (a Hop assembled without its Beam engine). */
  static List<Path> hop216WithoutBeam() throws IOException {
    return hop216().stream()
        .filter(p -> !p.getFileName().toString().startsWith("beam-"))
        .collect(Collectors.toList());
  }

  /** The 2.16 closure with hop-core and hop-engine 2.17.0 in place of 2.16.0's. */
  static List<Path> hop217() throws IOException {
    String version = System.getProperty("hop.next.version");
    Path repo = Path.of(System.getProperty("maven.repo.local"), "org", "apache", "hop");
    List<Path> jars =
        hop216().stream()
            .filter(p -> !p.getFileName().toString().matches("hop-(core|engine)-2\\.16\\.0\\.jar"))
            .collect(Collectors.toList());
    for (String artifact : List.of("hop-core", "hop-engine")) {
      Path jar = repo.resolve(artifact).resolve(version).resolve(artifact + "-" + version + ".jar");
      assertTrue(Files.isRegularFile(jar), "fetched by hop-beam-bridge/hop-runtime: " + jar);
      jars.add(jar);
    }
    return jars;
  }
}
