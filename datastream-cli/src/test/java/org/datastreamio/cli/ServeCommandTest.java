package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code datastream serve} started as the CLI starts it, used by a client, stopped as SIGTERM stops
 * it.
 */
@ExtendWith(ArrowLeakCheck.class)
class ServeCommandTest {
  @Test
  void servesWithAuthAndStopsCleanly(@TempDir Path dir) throws Exception {
    Path password = dir.resolve("pw");
    Files.writeString(password, "hunter2\n");
    ServeCommand serve = new ServeCommand();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit =
          thread.submit(
              () ->
                  new CommandLine(serve)
                      .execute(
                          "--port",
                          "0",
                          "--memory-limit",
                          "64m",
                          "--user",
                          "ops",
                          "--password-file",
                          password.toString()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (serve.server() == null && !exit.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(serve.server() != null, "the server started");
      assertEquals(
          64L << 20, ((Number) serve.server().stats().get("memoryLimitBytes")).longValue());

      StreamConfig config =
          StreamConfig.parse(serve.server().uri("cli") + "?user=ops&passwordFile=" + password);
      Transport t = Transports.forConfig(config);
      List<String> read = new ArrayList<>();
      try (BufferAllocator allocator = ArrowMemory.newChild("test")) {
        WrittenPart part;
        try (VectorSchemaRoot root = TestBatches.rows(allocator, 0, 100);
            BatchSink sink =
                t.openSink(config, SinkContext.of("w", "p", ""), TestBatches.SCHEMA, allocator)) {
          sink.write(root);
          part = sink.finish();
        }
        t.commit(config, "w", "", List.of(part));
        for (Partition p : t.listPartitions(config, allocator)) {
          try (BatchSource s = t.openSource(config, p, 0, allocator)) {
            while (s.next()) {
              TestBatches.values(s.root()).forEach(r -> read.add(r.toString()));
            }
          }
        }
      }
      List<String> want = new ArrayList<>();
      for (long v = 0; v < 100; v++) {
        want.add(TestBatches.expected(v).toString());
      }
      assertEquals(want, read);

      serve.stop();
      assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    } finally {
      serve.stop();
      thread.shutdownNow();
      FlightClientPool.closeIdleClients();
    }
  }

  /**
   * The real thing: {@code datastream serve} in its own JVM, stopped with SIGTERM, exits cleanly.
   */
  @Test
  void sigtermStopsAStandaloneServer() throws Exception {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            DataStreamCli.class.getName(),
            "serve",
            "--port",
            "0");
    Path log = Files.createTempFile("datastream-serve", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("Serving Arrow Flight at ")
          && p.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(
          Files.readString(log).contains("flight://127.0.0.1:"),
          "the server announced itself:\n" + Files.readString(log));
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server exited after SIGTERM");
      String output = Files.readString(log);
      assertTrue(
          !output.contains("Exception"), "clean shutdown, but the server printed:\n" + output);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  @Test
  void inconsistentOptionsFailNamingTheFix() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setErr(new PrintWriter(err));
    assertNotEquals(0, cli.execute("--port", "0", "--tls-client-ca", "/tmp/ca.pem"));
    assertTrue(err.toString().contains("mTLS") || err.toString().contains("TLS"), err.toString());
    assertNotEquals(0, cli.execute("--port", "0", "--memory-limit", "lots"));
    assertTrue(err.toString().contains("512m"), err.toString());
    assertNotEquals(0, cli.execute("--port", "0", "--data-dir", "/tmp/a", "--spill-dir", "/tmp/b"));
    assertTrue(err.toString().contains("not both"), err.toString());
    assertNotEquals(0, cli.execute("--port", "0", "--max-disk", "1g"));
    assertTrue(
        err.toString().contains("A disk limit needs a data directory or a spill directory"),
        err.toString());
    assertNotEquals(0, cli.execute("--port", "0", "--ttl", "soon"));
    assertTrue(err.toString().contains("90s, 30m, 12h, 7d or never"), err.toString());
  }

  /**
   * Empty secrets from the environment, in a real process (a test cannot set its own environment).
   */
  @Test
  void emptySecretsInTheEnvironmentAreRefusedAtStart() throws Exception {
    for (List<String> args :
        List.of(
            List.of("serve", "--port", "0", "--token-env", "DS_EMPTY_SECRET"),
            List.of(
                "serve", "--port", "0", "--user", "ops", "--password-env", "DS_BLANK_SECRET"))) {
      ProcessBuilder pb =
          new ProcessBuilder(ServerProcess.command(List.of(), args)).redirectErrorStream(true);
      pb.environment().put("DS_EMPTY_SECRET", "");
      pb.environment().put("DS_BLANK_SECRET", " \n");
      Process p = pb.start();
      try {
        assertTrue(
            p.waitFor(60, TimeUnit.SECONDS),
            "the server refuses to start rather than serving: " + args);
        String out =
            new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        String first =
            out.lines()
                .filter(l -> l.startsWith("datastream serve: error: "))
                .findFirst()
                .orElse(out);
        assertTrue(
            first.contains(args.get(args.size() - 2)) && first.contains("which is empty"), first);
        assertFalse(out.contains("Serving Arrow Flight"), out);
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
