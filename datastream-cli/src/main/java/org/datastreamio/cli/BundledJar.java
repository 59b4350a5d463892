package org.datastreamio.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * datastream-io-bundled, which a Spark cluster gets in place of datastream-io and the libraries the
 * bundle carries (Arrow and Flight; Netty, gRPC, protobuf and Guava relocated). A Spark executor
 * loads Spark's own netty-all 4.1.96 and Guava 14 before anything staged, so unrelocated copies of
 * ours are shadowed there, and Arrow's {@code io.netty.buffer} classes, split from Spark's Netty
 * across two class loaders, fail with IllegalAccessError. The build copies the bundle next to the
 * command's jar ({@code target/cluster-lib/}).
 */
final class BundledJar {
  /** Where the bundle is, if not next to the command's jar. */
  static final String PROPERTY = "datastream.bundledJar";

  private static final String SHADED_PREFIX = "org/datastreamio/shaded/";

  private final File file;
  private final Set<String> classes;

  private BundledJar(File file, Set<String> classes) {
    this.file = file;
    this.classes = classes;
  }

  File file() {
    return file;
  }

  /** The bundle the build put next to this command's jar, or the one {@link #PROPERTY} names. */
  static BundledJar locate() {
    String named = System.getProperty(PROPERTY);
    File file =
        named != null ? new File(named) : new File(besideCommand(), "datastream-io-bundled.jar");
    if (!file.isFile()) {
      throw new IllegalStateException(
          "A Spark cluster runs DataStreamIO from datastream-io-bundled.jar, which is not at "
              + file
              + ": rebuild with ./mvnw -pl datastream-cli -am package, or name it with -D"
              + PROPERTY
              + "=PATH");
    }
    return of(file);
  }

  static BundledJar of(File file) {
    return new BundledJar(file, classEntries(file));
  }

  /**
   * Whether every class of {@code jar} is in the bundle, under its own name or relocated: staging
   * the bundle stages that jar already. A jar without classes is not carried.
   */
  boolean carries(File jar) {
    Set<String> own = classEntries(jar);
    return !own.isEmpty()
        && own.stream().allMatch(c -> classes.contains(c) || classes.contains(SHADED_PREFIX + c));
  }

  /** The folder {@code cluster-lib/} beside the folder holding this command's classes or jar. */
  private static File besideCommand() {
    try {
      File code =
          new File(BundledJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new File(code.getParentFile(), "cluster-lib");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot tell where the command's classes are", e);
    }
  }

  /**
   * The class files of a jar or a classes folder (a build's classpath has those), without
   * multi-release variants and module descriptors.
   */
  private static Set<String> classEntries(File jar) {
    Set<String> names = new HashSet<>();
    try {
      if (jar.isDirectory()) {
        Path root = jar.toPath();
        try (Stream<Path> files = Files.walk(root)) {
          files.forEach(f -> addClass(names, root.relativize(f).toString().replace('\\', '/')));
        }
        return names;
      }
      try (ZipFile zip = new ZipFile(jar)) {
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          addClass(names, e.nextElement().getName());
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + jar, e);
    }
  }

  private static void addClass(Set<String> names, String name) {
    if (name.endsWith(".class")
        && !name.startsWith("META-INF/")
        && !name.endsWith("module-info.class")) {
      names.add(name);
    }
  }
}
