package org.datastreamio.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.datastreamio.server.DataStreamFlightServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code datastream serve}: runs the DataStream Flight server until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Runs the DataStream Arrow Flight server.",
    description = {
      "Runs the DataStream Arrow Flight server: many writers DoPut into named streams, readers DoGet them",
      "in parallel. Streams live in memory under --memory-limit, or durably in --data-dir. Stops cleanly on SIGTERM or Ctrl-C.",
      "Clients use flight://HOST:PORT/STREAM (flight+tls:// with TLS, flight+unix:///PATH?stream=STREAM)."
    })
public class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8815",
      description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--unix",
      paramLabel = "PATH",
      description = "Listen on this Unix domain socket instead of TCP.")
  Path unix;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Server certificate chain (PEM); enables TLS. Needs --tls-key.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "Server private key (PEM, PKCS#8).")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "PEM",
      description = "Require client certificates signed by this CA (mutual TLS).")
  Path tlsClientCa;

  @Option(
      names = "--user",
      description =
          "User name for basic authentication; the password comes from --password-file or --password-env.")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "File holding the password of --user.")
  Path passwordFile;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "Environment variable holding the password of --user.")
  String passwordEnv;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding a bearer token clients may present.")
  Path tokenFile;

  @Option(
      names = "--token-env",
      paramLabel = "VAR",
      description = "Environment variable holding a bearer token clients may present.")
  String tokenEnv;

  @Option(
      names = "--memory-limit",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description =
          "Hard cap on stored data, e.g. 512m or 8g (default: no cap). A DoPut that would exceed it fails with RESOURCE_EXHAUSTED and stores nothing.")
  Long memoryLimit;

  @Option(
      names = "--spill-dir",
      paramLabel = "DIR",
      description =
          "Keep streams on local disk as Arrow IPC files instead of in memory, so they may be larger than memory.")
  Path spillDir;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = {
        "Durable streams: a commit (or plain DoPut) is acknowledged only once its parts are Arrow IPC files",
        "in DIR, fsynced and listed in the stream's manifest. A restart on the same DIR serves every committed stream",
        "again and discards what was never committed. Stored data is on disk, not under --memory-limit."
      })
  Path dataDir;

  @Option(
      names = "--max-disk",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description = {
        "Limit on the part files in --data-dir or --spill-dir, e.g. 50g. A write that would pass it fails",
        "with RESOURCE_EXHAUSTED and stores nothing; committed streams stay readable. Default: no limit."
      })
  Long maxDisk;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "never",
      description = {
        "Drop a stream this long after its last write (e.g. 30m, 12h, 7d; default: ${DEFAULT-VALUE}).",
        "A stream's own time to live (datastream ttl) overrides it. Readers see it as the endpoints' expiration_time."
      })
  Duration ttl;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = {
        "Serve Prometheus metrics at http://HOST:PORT/metrics, readiness at /ready (200 while serving,",
        "503 otherwise) and liveness at /-/healthy. 0 picks a free port. Default: no metrics endpoint."
      })
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description = "Address of the metrics endpoint (default: ${DEFAULT-VALUE}, loopback only).")
  String metricsHost;

  @Option(
      names = "--abandon-after",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description =
          "Discard the staged parts of an exactly-once write that is not committed within this time (default: ${DEFAULT-VALUE}).")
  long abandonAfterSeconds;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile DataStreamFlightServer server;

  @Override
  public Integer call() throws Exception {
    DataStreamFlightServer.Builder b =
        DataStreamFlightServer.builder()
            .host(host)
            .port(port)
            .abandonAfter(Duration.ofSeconds(abandonAfterSeconds))
            .ttl(ttl);
    if (unix != null) {
      b.unixSocket(unix);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
    }
    if (tlsCert != null) {
      b.tls(tlsCert, tlsKey);
    }
    if (tlsClientCa != null) {
      b.clientCa(tlsClientCa);
    }
    if (user != null) {
      b.basicAuth(
          user,
          secret("--password-file", passwordFile, "--password-env", passwordEnv)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--user needs --password-file or --password-env")));
    } else if (passwordFile != null || passwordEnv != null) {
      throw new IllegalArgumentException("A password needs --user");
    }
    secret("--token-file", tokenFile, "--token-env", tokenEnv).ifPresent(b::bearerToken);
    if (memoryLimit != null) {
      b.memoryLimit(memoryLimit);
    }
    if (spillDir != null) {
      b.spillDir(spillDir);
    }
    if (dataDir != null) {
      b.dataDir(dataDir);
    }
    if (maxDisk != null) {
      b.maxDisk(maxDisk);
    }
    if (metricsPort != null) {
      b.metrics(metricsHost, metricsPort);
    }
    DataStreamFlightServer started = b.start();
    server = started;
    started.recovery().ifPresent(System.out::println);
    if (started.metricsPort() >= 0) {
      System.out.println(
          "Metrics at http://"
              + metricsHost
              + ":"
              + started.metricsPort()
              + "/metrics; readiness at /ready");
    }
    Thread hook = new Thread(this::stop, "datastream-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println(
        "Serving Arrow Flight at "
            + started.location().getUri()
            + "; write and read streams as "
            + started.uri("<stream>")
            + ". Stop with Ctrl-C.");
    stopped.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is what stopped us
    }
    return 0;
  }

  /** The running server, or null before it started. */
  DataStreamFlightServer server() {
    return server;
  }

  /** Closes the server (what SIGTERM does); {@link #call()} then returns. */
  void stop() {
    DataStreamFlightServer s = server;
    if (s != null && stopped.getCount() > 0) {
      try {
        s.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }
  }

  private static java.util.Optional<String> secret(
      String fileOption, Path file, String envOption, String env) throws java.io.IOException {
    if (file != null && env != null) {
      throw new IllegalArgumentException(
          "Give either " + fileOption + " or " + envOption + ", not both");
    }
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            fileOption + " " + file + " is not a readable file: create it holding the secret");
      }
      String value = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(
            fileOption
                + " "
                + file
                + " is empty (or only white space): put the secret"
                + " in it; an empty secret would let anyone in");
      }
      return java.util.Optional.of(value);
    }
    if (env != null) {
      String value = System.getenv(env);
      if (value == null) {
        throw new IllegalArgumentException(
            envOption + " names environment variable " + env + ", which is not set");
      }
      if (value.isBlank()) {
        throw new IllegalArgumentException(
            envOption
                + " names environment variable "
                + env
                + ", which is empty: set it"
                + " to the secret; an empty secret would let anyone in");
      }
      return java.util.Optional.of(value);
    }
    return java.util.Optional.empty();
  }

  /** "65536", "512k", "512m", "8g" (binary multiples). */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        long n = org.datastreamio.spi.StreamConfig.parseSize(value.trim());
        if (n <= 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a size: write e.g. 512m, 8g or a number of bytes");
      }
    }
  }
}
