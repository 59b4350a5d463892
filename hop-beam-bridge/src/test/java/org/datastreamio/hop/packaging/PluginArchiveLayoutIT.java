package org.datastreamio.hop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin archive unpacks into a Hop installation as plugins/datastream/ with one jar: ours,
 * with its annotation index, the transports' service file and the libraries Hop lacks, gRPC, Netty,
 * protobuf and Arrow relocated. No class of the archive is also a class of a Hop runtime: Hop
 * 2.16's lib/core (hop-core, hop-engine, Beam's core SDK and their dependencies), the libraries its
 * Beam engine adds, and hop-core/hop-engine 2.17.0 (all assembled by hop-beam-bridge/hop-runtime).
 */
class PluginArchiveLayoutIT {
  private static final String DIR = "plugins/datastream/";
  private static final String SHADED = "org/datastreamio/hop/shaded/";

  /** Jar name -> its entries, for every jar in the archive. */
  static Map<String, List<String>> jars = new TreeMap<>();

  static List<String> archiveEntries = new ArrayList<>();
  static Map<String, byte[]> pluginJarFiles = new TreeMap<>();

  @BeforeAll
  static void readArchive() throws IOException {
    Path zip = Path.of(System.getProperty("datastream.plugin.archive"));
    assertTrue(Files.isRegularFile(zip), "plugin archive built: " + zip);
    String pluginJar = DIR + System.getProperty("datastream.plugin.jar");
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry e : Collections.list(file.entries())) {
        if (e.isDirectory()) {
          continue;
        }
        archiveEntries.add(e.getName());
        if (e.getName().endsWith(".jar")) {
          List<String> names = new ArrayList<>();
          try (ZipInputStream in = new ZipInputStream(file.getInputStream(e))) {
            for (ZipEntry j = in.getNextEntry(); j != null; j = in.getNextEntry()) {
              names.add(j.getName());
              if (e.getName().equals(pluginJar)
                  && (j.getName().startsWith("META-INF/services/")
                      || j.getName().startsWith("META-INF/native/"))) {
                pluginJarFiles.put(j.getName(), in.readAllBytes());
              }
            }
          }
          jars.put(e.getName(), names);
        }
      }
    }
  }

  @Test
  void theArchiveIsOnePluginFolderWithOurIndexedJar() {
    String pluginJar = DIR + System.getProperty("datastream.plugin.jar");
    assertEquals(
        List.of(pluginJar), archiveEntries, "the archive holds only the plugin jar in " + DIR);
    assertTrue(
        jars.get(pluginJar).contains("META-INF/jandex.idx"),
        "the plugin jar carries META-INF/jandex.idx, which Hop scans for plugins");
    assertTrue(
        jars.get(pluginJar).contains("org/datastreamio/hop/plugin/DataStreamPluginType.class"),
        "our classes");
  }

  @Test
  void clashingLibrariesAreRelocatedWithTheirServiceFilesAndNatives() throws IOException {
    List<String> entries =
        jars.values().stream().flatMap(List::stream).collect(Collectors.toList());
    for (String library :
        List.of(
            "io/grpc/",
            "io/netty/",
            "com/google/protobuf/",
            "org/apache/arrow/",
            "com/google/flatbuffers/",
            "io/perfmark/")) {
      assertTrue(
          entries.stream().noneMatch(n -> n.startsWith(library)),
          library + " is not bundled unrelocated");
      assertTrue(
          entries.stream().anyMatch(n -> n.startsWith(SHADED + library)),
          library + " is bundled relocated");
    }
    // Our transports are found through ServiceLoader, and so are gRPC's providers.
    assertEquals(
        Set.of(
            "org.datastreamio.socket.SocketTransport",
            "org.datastreamio.flight.FlightTransport",
            "org.datastreamio.file.ArrowFileTransport"),
        services("org.datastreamio.spi.Transport"));
    assertTrue(
        services("org.datastreamio.hop.shaded.io.grpc.ManagedChannelProvider")
            .contains("org.datastreamio.hop.shaded.io.grpc.netty.NettyChannelProvider"),
        "gRPC's Netty channel provider, relocated");
    assertTrue(
        services("org.datastreamio.hop.shaded.io.grpc.NameResolverProvider").stream()
            .allMatch(c -> c.startsWith("org.datastreamio.hop.shaded.")),
        "gRPC name resolvers, relocated");
    assertTrue(
        pluginJarFiles.keySet().stream().noneMatch(n -> n.startsWith("META-INF/services/io.grpc.")),
        "no unrelocated gRPC service file");
    // Netty looks for its natives under the shaded package's prefix.
    assertTrue(
        pluginJarFiles.containsKey(
            "META-INF/native/liborg_datastreamio_hop_shaded_netty_transport_native_epoll_x86_64.so"),
        "Netty's epoll library renamed: " + pluginJarFiles.keySet());
    assertTrue(
        pluginJarFiles.keySet().stream()
            .filter(n -> n.startsWith("META-INF/native/") && !n.endsWith("/"))
            .allMatch(n -> n.contains("org_datastreamio_hop_shaded_netty")),
        "every Netty native renamed: " + pluginJarFiles.keySet());
  }

  @Test
  void noClassOfTheArchiveIsAlsoInAHopRuntime() throws IOException {
    Map<String, String> hopClasses = new TreeMap<>();
    for (Path jar : hopRuntimeJars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (ZipEntry e : Collections.list(file.entries())) {
          if (isClass(e.getName())) {
            hopClasses.putIfAbsent(e.getName(), jar.getFileName().toString());
          }
        }
      }
    }
    assertTrue(
        hopClasses.containsKey("org/apache/hop/core/Const.class")
            && hopClasses.containsKey("org/apache/beam/sdk/Pipeline.class")
            && hopClasses.containsKey("io/grpc/ManagedChannel.class"),
        "Hop runtimes read (" + hopClasses.size() + " classes)");
    TreeSet<String> twice = new TreeSet<>();
    jars.forEach(
        (jar, entries) ->
            entries.stream()
                .filter(PluginArchiveLayoutIT::isClass)
                .filter(hopClasses::containsKey)
                .forEach(c -> twice.add(c + " (" + jar + " and Hop's " + hopClasses.get(c) + ")")));
    assertEquals(
        List.of(),
        twice.stream().limit(40).collect(Collectors.toList()),
        twice.size()
            + " classes of the archive are also in Hop; leave the library out of the plugin jar or relocate it (pom.xml, maven-shade-plugin)");
  }

  private static boolean isClass(String name) {
    return name.endsWith(".class")
        && !name.endsWith("module-info.class")
        && !name.startsWith("META-INF/");
  }

  private static Set<String> services(String service) {
    byte[] file = pluginJarFiles.get("META-INF/services/" + service);
    assertTrue(file != null, "service file " + service + " in " + pluginJarFiles.keySet());
    return new String(file, StandardCharsets.UTF_8)
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Hop 2.16's lib/core, its Beam engine's libraries and hop-core/hop-engine 2.17.0. */
  private static List<Path> hopRuntimeJars() throws IOException {
    Path runtimes = Path.of(System.getProperty("hop.runtime.dir"));
    List<Path> jars = new ArrayList<>();
    for (Path lib :
        List.of(
            runtimes.resolve("hop-2.16").resolve("lib"),
            runtimes.resolve("hop-2.16-beam-engine").resolve("lib"))) {
      try (Stream<Path> files = Files.list(lib)) {
        files.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
      }
    }
    String next = System.getProperty("hop.next.version");
    Path repo = Path.of(System.getProperty("maven.repo.local"), "org", "apache", "hop");
    for (String artifact : List.of("hop-core", "hop-engine")) {
      jars.add(repo.resolve(artifact).resolve(next).resolve(artifact + "-" + next + ".jar"));
    }
    return jars;
  }
}
