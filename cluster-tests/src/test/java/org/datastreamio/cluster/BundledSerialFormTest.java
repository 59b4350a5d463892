package org.datastreamio.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.datastreamio.beam.DataStreamIO;
import org.junit.jupiter.api.Test;

/**
 * {@code datastream copy --runner SparkRunner} on a cluster: the command (the driver) serializes
 * DataStreamIO's DoFns with datastream-io's classes, and the executors deserialize them with
 * datastream-io-bundled's, in which Netty, gRPC, protobuf and Guava are relocated. So every
 * serializable class of datastream-io must have the same serial form in the bundle: the same
 * serialVersionUID (the default one is computed from field and method signatures, which relocation
 * changes) and the same field types (no field of a relocated type).
 */
class BundledSerialFormTest {
  @Test
  void everySerializableClassOfDatastreamIoHasTheSameSerialFormInTheBundle() throws Exception {
    File ours =
        new File(DataStreamIO.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    File bundle = new File(System.getProperty("cluster.bundledJar"));
    assertTrue(bundle.isFile(), bundle + " is missing: the datastream-cli build copies it there");
    List<URL> executorView = new ArrayList<>(List.of(bundle.toURI().toURL()));
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : classpath.split(File.pathSeparator)) {
      executorView.add(Path.of(entry).toUri().toURL());
    }
    // The bundle first: datastream-io's and Arrow's classes come from it, as on the executor.
    int compared = 0;
    try (URLClassLoader executor =
        new URLClassLoader(
            executorView.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      for (String name : classNames(ours)) {
        Class<?> driverSide = Class.forName(name, false, getClass().getClassLoader());
        if (!Serializable.class.isAssignableFrom(driverSide) || driverSide.isInterface()) {
          continue;
        }
        Class<?> executorSide = Class.forName(name, false, executor);
        assertEquals(
            bundle.toURI().toURL(),
            executorSide.getProtectionDomain().getCodeSource().getLocation(),
            name + " did not come from the bundle");
        assertEquals(
            serialForm(driverSide), serialForm(executorSide), name + " differs in the bundle");
        compared++;
      }
    }
    assertTrue(compared > 20, "only " + compared + " serializable classes found in " + ours);
  }

  private static String serialForm(Class<?> c) {
    ObjectStreamClass form = ObjectStreamClass.lookup(c);
    return form.getSerialVersionUID()
        + " "
        + Arrays.stream(form.getFields())
            .map(f -> f.getName() + ":" + typeOf(f))
            .collect(Collectors.joining(", "));
  }

  private static String typeOf(ObjectStreamField f) {
    return f.isPrimitive() ? String.valueOf(f.getTypeCode()) : f.getTypeString();
  }

  private static List<String> classNames(File jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar)) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        String entry = e.nextElement().getName();
        if (entry.endsWith(".class") && !entry.startsWith("META-INF/")) {
          names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }
}
