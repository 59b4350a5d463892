package org.datastreamio.hop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The plugin archive unpacks into a Hop installation as plugins/datastream/ with our jar (and its
 * annotation index) and lib/ with the libraries Hop lacks, and holds no second copy of a library
 * Hop ships (src/test/resources/hop-2.16-libraries.txt, made by src/build/hop-libraries.pom).
 */
class PluginArchiveLayoutIT {
  private static final String DIR = "plugins/datastream/";
  /** artifactId-version[-classifier].jar */
  private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^-]*(?:-[A-Za-z]+)?(?:-SNAPSHOT)?)(?:-([a-z0-9_-]+))?\\.jar");

  @Test
  void archiveHasThePluginFolderAndNoLibraryHopShips() throws Exception {
    Path zip = Path.of(System.getProperty("datastream.plugin.archive"));
    assertTrue(Files.isRegularFile(zip), "plugin archive built: " + zip);
    String pluginJar = System.getProperty("datastream.plugin.jar");

    List<String> entries = new ArrayList<>();
    Set<String> libArtifacts = new TreeSet<>();
    boolean indexed = false;
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry e : java.util.Collections.list(file.entries())) {
        if (e.isDirectory()) {
          continue;
        }
        entries.add(e.getName());
        assertTrue(e.getName().startsWith(DIR), "everything under " + DIR + ": " + e.getName());
        if (e.getName().equals(DIR + pluginJar)) {
          try (InputStream in = file.getInputStream(e)) {
            indexed = hasEntry(in, "META-INF/jandex.idx");
          }
        }
        if (e.getName().startsWith(DIR + "lib/")) {
          libArtifacts.add(artifactId(e.getName().substring((DIR + "lib/").length())));
        }
      }
    }
    assertTrue(entries.contains(DIR + pluginJar), "plugin jar at " + DIR + pluginJar + " in " + entries);
    assertTrue(indexed, "the plugin jar carries META-INF/jandex.idx, which Hop scans for plugins");

    Set<String> expected = Set.of("datastream-io", "arrow-vector", "arrow-format", "arrow-memory-core", "arrow-memory-netty",
        "arrow-compression", "flight-core", "grpc-netty", "grpc-core", "protobuf-java", "netty-common", "netty-buffer",
        "netty-transport-native-epoll", "flatbuffers-java", "zstd-jni");
    TreeSet<String> missing = new TreeSet<>(expected);
    missing.removeAll(libArtifacts);
    assertEquals(Set.of(), missing, "libraries the plugin needs and Hop lacks, missing from lib/");

    TreeMap<String, String> hopShips = hopLibraries();
    TreeSet<String> duplicates = new TreeSet<>(libArtifacts);
    duplicates.retainAll(hopShips.keySet());
    assertEquals(Set.of(), duplicates, "lib/ holds a second copy of a library Hop ships; exclude it in src/assembly/hop-plugin.xml");
    assertTrue(libArtifacts.stream().noneMatch(a -> a.startsWith("beam-")), "no Beam jar: Hop ships Beam in lib/beam " + libArtifacts);
    assertTrue(libArtifacts.stream().noneMatch(a -> a.contains("swt")), "no SWT jar " + libArtifacts);
  }

  private static String artifactId(String jarName) {
    Matcher m = JAR.matcher(jarName);
    assertTrue(m.matches(), "a versioned jar name in lib/: " + jarName);
    return m.group(1);
  }

  /** artifactId -> groupId of every library on a Hop 2.16 classpath. */
  private static TreeMap<String, String> hopLibraries() throws IOException {
    TreeMap<String, String> libs = new TreeMap<>();
    try (InputStream in = PluginArchiveLayoutIT.class.getResourceAsStream("/hop-2.16-libraries.txt")) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split(":");
        if (parts.length >= 4 && !line.contains("resolved")) {
          libs.put(parts[1], parts[0]);
        }
      }
    }
    assertTrue(libs.size() > 50 && libs.containsKey("hop-core") && libs.containsKey("jackson-databind"), "Hop library list read: " + libs.keySet());
    return libs;
  }

  private static boolean hasEntry(InputStream jar, String name) throws IOException {
    try (JarInputStream in = new JarInputStream(jar)) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }
}
