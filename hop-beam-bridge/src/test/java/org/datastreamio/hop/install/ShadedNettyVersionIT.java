package org.datastreamio.hop.install;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.datastreamio.testing.RelocatedGrpcProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's relocated gRPC judges the Netty it runs on (ours, relocated), not the Netty 4.1.110
 * of Hop's Beam engine on Hop's classpath. When it judged Hop's, one Flight call in five under
 * HopRun failed with "INTERNAL: Encountered end-of-stream mid-frame" (HopRunInstallIT, now and
 * then); this check is deterministic where that failure was not.
 */
class ShadedNettyVersionIT {
  @TempDir Path dir;

  @Test
  void relocatedGrpcDoesNotTakeHopsNettyVersionForItsOwn() throws Exception {
    Path pluginJar = dir.resolve("plugin.jar");
    try (ZipFile zip = new ZipFile(HopRunInstallIT.pluginArchive().toFile())) {
      ZipEntry jar =
          zip.stream()
              .filter(e -> e.getName().endsWith(".jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no jar in the plugin archive"));
      try (InputStream in = zip.getInputStream(jar)) {
        Files.copy(in, pluginJar);
      }
    }
    assertFalse(
        RelocatedGrpcProbe.believesNettyIsPre4111(
            pluginJar, "org.datastreamio.hop.shaded.", HopRuntimes.hop216WithBeamEngine()),
        "the plugin's gRPC took the Netty version of Hop's libraries (4.1.110) for its relocated"
            + " Netty's: relocate META-INF/io.netty.versions.properties with Netty");
  }
}
