package org.datastreamio.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.datastreamio.cli.DataStreamCli;

/**
 * The cluster's peers, each in its own JVM started from this test's classpath with the datastream
 * CLI: our Flight server ({@code datastream serve}) and socket readers and writers ({@code
 * datastream copy} on the Direct runner).
 */
final class Peers {
  private Peers() {}

  /**
   * {@code datastream serve} on an ephemeral loopback port; returns the process and its stream URI
   * prefix.
   */
  record FlightServer(JavaProcess process, String base) implements AutoCloseable {
    String uri(String stream) {
      return base + stream;
    }

    @Override
    public void close() throws InterruptedException {
      process.close();
    }
  }

  static FlightServer flightServer(Path dir) throws Exception {
    JavaProcess p =
        cli(
            "flight-server",
            dir,
            List.of(),
            List.of("serve", "--host", "127.0.0.1", "--port", "0"));
    try {
      String base =
          p.awaitLog(Pattern.compile("streams as (flight://\\S+/)<stream>"), Duration.ofMinutes(1));
      return new FlightServer(p, base);
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  /** {@code datastream copy --from from --to to} on the Direct runner, in its own JVM. */
  static JavaProcess copy(String name, Path dir, String from, String to) throws IOException {
    return cli(
        name,
        dir,
        List.of(),
        List.of(
            "copy", "--runner", "DirectRunner", "--parallelism", "2", "--from", from, "--to", to));
  }

  /**
   * The {@code datastream} command with {@code args}, in its own JVM with {@code jvmFlags} added.
   */
  static JavaProcess cli(String name, Path dir, List<String> jvmFlags, List<String> args)
      throws IOException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    jvm.addAll(JavaProcess.jvmOpens());
    jvm.addAll(jvmFlags);
    // Surefire's full test classpath (java.class.path may be a manifest-only jar): the CLI stages
    // its entries.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return JavaProcess.start(
        name,
        classpath,
        jvm,
        DataStreamCli.class.getName(),
        args,
        Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
        dir.resolve(name + ".log"));
  }
}
