package org.datastreamio.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.datastreamio.testing.RelocatedGrpcProbe;
import org.junit.jupiter.api.Test;

/**
 * A user's fat jar built on datastream-io-bundled, on a Spark executor whose jars/ carry Netty
 * 4.1.96: the relocated gRPC must judge its own relocated Netty (4.1.119), not Spark's, or it picks
 * a frame cumulator that intermittently loses bytes of Flight responses.
 */
class BundledNettyVersionTest {
  @Test
  void relocatedGrpcDoesNotTakeSparksNettyVersionForItsOwn() throws Exception {
    List<Path> sparkJars;
    try (Stream<Path> files =
        Files.list(Path.of(System.getProperty("cluster.sparkHome")).resolve("jars"))) {
      sparkJars = files.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList());
    }
    assertFalse(
        RelocatedGrpcProbe.believesNettyIsPre4111(
            Path.of(System.getProperty("cluster.exampleJar")),
            "org.datastreamio.shaded.",
            sparkJars),
        "the bundled gRPC took Spark's Netty version (4.1.96) for its relocated Netty's: relocate"
            + " META-INF/io.netty.versions.properties with Netty in datastream-io-bundled");
  }
}
