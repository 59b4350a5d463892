package org.datastreamio.server;

import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DataStream Flight server: a standalone process ({@code datastream serve}) or embedded in a
 * JVM (tests, {@code demo}). Streams live in memory under a hard cap; exactly-once writers stage
 * parts and commit them with one action. Build with {@link #builder()}, stop with {@link #close()}.
 */
public final class DataStreamFlightServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataStreamFlightServer.class);

  private final BufferAllocator storeAllocator;
  private final BufferAllocator transportAllocator;
  private final StreamStore store;
  private final DataStreamProducer producer;
  private final FlightServer server;
  private final ScheduledExecutorService sweeper;
  private final CallExecutor calls;
  private final Location location;
  private final boolean tls;
  private final Path unixSocket;
  private final OwnerOnly.SocketFile socketFile;
  private final ServerMetrics metrics;

  /** The port of the metrics endpoint, or -1 without one. */
  private final int metricsPort;

  /** True while the server accepts calls: what {@code /ready} answers. */
  private volatile boolean ready;

  /** What a durable server found in its data directory at start, or null for an in-memory one. */
  private final String recoverySummary;

  private DataStreamFlightServer(Builder b) throws IOException {
    // Where clients reach a Unix-socket server, and how every message of the start names it (so a
    // refusal that names the file in the way does not name the bare path twice).
    Location unixLocation =
        b.unixSocket != null
            ? Location.forGrpcDomainSocket(b.unixSocket.toAbsolutePath().toString())
            : null;
    OwnerOnly.SocketFile socket = null;
    if (unixLocation != null) {
      socket = OwnerOnly.SocketFile.at(b.unixSocket, unixLocation.getUri().toString());
      socket.stage();
    }
    Location bind =
        socket != null
            ? Location.forGrpcDomainSocket(socket.bindPath().toString())
            : b.tlsCert != null
                ? Location.forGrpcTls(b.host, b.port)
                : Location.forGrpcInsecure(b.host, b.port);
    // Without a limit the store is capped at what the JVM can give, so a full server answers
    // RESOURCE_EXHAUSTED rather than failing with an OutOfMemoryError in the middle of a call.
    long memoryLimit =
        b.memoryLimit != Long.MAX_VALUE
            ? b.memoryLimit
            : DirectMemory.storeAllowance(DirectMemory.max());
    storeAllocator =
        b.parentAllocator != null
            ? b.parentAllocator.newChildAllocator("datastream-server-store", 0, memoryLimit)
            : ArrowMemory.newChild("datastream-server-store", memoryLimit);
    transportAllocator =
        b.parentAllocator != null
            ? b.parentAllocator.newChildAllocator("datastream-server-transport", 0, Long.MAX_VALUE)
            : ArrowMemory.newChild("datastream-server-transport");
    DiskBudget disk = new DiskBudget(b.maxDisk);
    DataDir dataDir = null;
    String recovered = null;
    if (b.dataDir != null) {
      try {
        dataDir = new DataDir(b.dataDir);
        DataDir.Recovery recovery = dataDir.recover();
        recovered = recovery.summary(b.dataDir);
        store = new StreamStore(storeAllocator, b.abandonAfter, dataDir, b.ttl);
        store.restore(recovery, disk);
      } catch (IOException | RuntimeException e) {
        if (dataDir != null) {
          dataDir.close();
        }
        if (socket != null) {
          socket.remove();
        }
        transportAllocator.close();
        storeAllocator.close();
        throw new IOException(
            "Cannot recover the streams in the data directory " + b.dataDir + ": " + e.getMessage(),
            e);
      }
    } else {
      store = new StreamStore(storeAllocator, b.abandonAfter, null, b.ttl);
    }
    recoverySummary = recovered;
    metrics = new ServerMetrics();
    ServerActivity activity = new ServerActivity(metrics.registry);
    producer =
        new DataStreamProducer(
            store,
            transportAllocator,
            b.advertised,
            dataDir != null ? dataDir.staging() : b.spillDir,
            dataDir != null,
            activity,
            disk);
    metrics.registerStore(
        store::totals,
        () -> storeAllocator.getAllocatedMemory() + transportAllocator.getAllocatedMemory(),
        storeAllocator::getLimit,
        disk);
    FlightServer built = null;
    int boundMetricsPort = -1;
    calls = new CallExecutor();
    try {
      ClosedStreamLogFilter.install();
      FlightServer.Builder fb =
          FlightServer.builder(transportAllocator, bind, producer)
              // One incoming message is held whole in memory before it is stored: one larger than
              // the store's memory (or, storing on disk, than the JVM can give) could never be
              // stored, so gRPC refuses it from its length prefix.
              .maxInboundMessageSize(
                  (int)
                      Math.min(
                          Integer.MAX_VALUE,
                          b.dataDir == null && b.spillDir == null
                              ? memoryLimit
                              : DirectMemory.storeAllowance(DirectMemory.max())))
              .middleware(ServerActivity.KEY, activity)
              .executor(calls)
              .transportHint(
                  "grpc.builderConsumer",
                  (Consumer<NettyServerBuilder>)
                      nb -> nb.addTransportFilter(activity.connectionCounter()));
      if (b.tlsCert != null) {
        fb.useTls(b.tlsCert.toFile(), b.tlsKey.toFile());
        if (b.clientCa != null) {
          fb.useMTlsClientVerification(b.clientCa.toFile());
        }
      }
      if (!b.users.isEmpty() || !b.tokens.isEmpty()) {
        fb.headerAuthenticator(new ServerAuthenticator(b.users, b.tokens));
      }
      built = fb.build().start();
      if (socket != null) {
        socket.publish();
      }
      if (b.metricsPort >= 0) {
        boundMetricsPort = metrics.serve(b.metricsHost, b.metricsPort, () -> ready);
      }
    } catch (IOException | RuntimeException e) {
      if (built != null) {
        try {
          built.close();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
      calls.close();
      metrics.close();
      store.close();
      transportAllocator.close();
      storeAllocator.close();
      if (socket != null) {
        socket.remove();
      }
      throw new IOException(
          "Cannot start the DataStream Flight server on "
              + (unixLocation != null ? unixLocation : bind).getUri()
              + ": "
              + e.getMessage(),
          e);
    }
    server = built;
    metricsPort = boundMetricsPort;
    tls = b.tlsCert != null;
    unixSocket = b.unixSocket;
    socketFile = socket;
    location =
        unixLocation != null
            ? unixLocation
            : tls
                ? Location.forGrpcTls(b.host, server.getPort())
                : Location.forGrpcInsecure(b.host, server.getPort());
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "datastream-server-sweeper");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(100, Math.min(b.abandonAfter.toMillis() / 4, 30_000));
    sweeper.scheduleWithFixedDelay(store::discardAbandoned, period, period, TimeUnit.MILLISECONDS);
    sweeper.scheduleWithFixedDelay(store::expire, 1, 1, TimeUnit.SECONDS);
    if (recoverySummary != null) {
      LOG.info(recoverySummary);
    }
    LOG.info(
        "DataStream Flight server listening on {} (memory limit {}{}{})",
        location.getUri(),
        DirectMemory.mib(memoryLimit),
        b.memoryLimit == Long.MAX_VALUE ? ", what this JVM's direct memory allows" : "",
        b.users.isEmpty() && b.tokens.isEmpty() ? "" : ", authentication required");
    if (metricsPort >= 0) {
      LOG.info("Metrics at http://{}:{}/metrics, readiness at /ready", b.metricsHost, metricsPort);
    }
    ready = true;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where clients reach the server, with the port actually bound. */
  public Location location() {
    return location;
  }

  public int port() {
    return server.getPort();
  }

  /** The DataStream URI of a stream on this server, e.g. {@code flight://127.0.0.1:8815/name}. */
  public String uri(String stream) {
    if (unixSocket != null) {
      return "flight+unix://" + unixSocket.toAbsolutePath() + "?stream=" + stream;
    }
    URI u = location.getUri();
    return (tls ? "flight+tls://" : "flight://") + u.getHost() + ":" + u.getPort() + "/" + stream;
  }

  /** What the server recovered from its data directory at start; empty for an in-memory server. */
  public java.util.Optional<String> recovery() {
    return java.util.Optional.ofNullable(recoverySummary);
  }

  /** Rows, bytes and parts per stream and the memory in use, as {@code stats} answers. */
  public Map<String, Object> stats() {
    return producer.stats(java.util.Optional.empty());
  }

  /** The port of the Prometheus endpoint, or -1 when the server has none. */
  public int metricsPort() {
    return metricsPort;
  }

  /** Arrow memory held by running calls (batches being sent or received), outside the store. */
  long transportAllocatedBytes() {
    return transportAllocator.getAllocatedMemory();
  }

  /** Arrow memory of the stored batches (and of readers' references to them). */
  long storeAllocatedBytes() {
    return storeAllocator.getAllocatedMemory();
  }

  /** Blocks until the server is shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops accepting calls, lets running calls end for a few seconds, then frees every stream. */
  @Override
  public void close() throws InterruptedException {
    ready = false;
    sweeper.shutdownNow();
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("Flight calls still running after 5 s; closing them");
    }
    // A DoGet whose reader stopped reading without cancelling would otherwise wait for it (gRPC's
    // forced
    // shutdown does not always cancel it) and keep its part, and so the store's memory, past close.
    producer.stopSending();
    server.close();
    // Only now: Netty still hands the executor the ends of calls it failed during shutdown.
    calls.close();
    store.close();
    // Calls cancelled just now may still be releasing the batches they were sending.
    awaitReleased(transportAllocator);
    awaitReleased(storeAllocator);
    transportAllocator.close();
    storeAllocator.close();
    metrics.close();
    if (socketFile != null) {
      socketFile.remove();
    }
  }

  private static void awaitReleased(BufferAllocator allocator) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Settings of an embedded or standalone server. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8815;
    private Path unixSocket;
    private Path tlsCert;
    private Path tlsKey;
    private Path clientCa;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private long memoryLimit = Long.MAX_VALUE;
    private Duration abandonAfter = Duration.ofHours(1);
    private Duration ttl = Duration.ZERO;
    private long maxDisk = Long.MAX_VALUE;
    private final List<Location> advertised = new ArrayList<>();
    private Path spillDir;
    private BufferAllocator parentAllocator;
    private Path dataDir;
    private String metricsHost = "127.0.0.1";
    private int metricsPort = -1;

    private Builder() {}

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** 0 picks a free port (see {@link #port()} after start). Default 8815. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Listens on a Unix domain socket instead of TCP. */
    public Builder unixSocket(Path path) {
      this.unixSocket = path;
      return this;
    }

    /** Serves TLS with this PEM certificate chain and PEM private key. */
    public Builder tls(Path certChain, Path privateKey) {
      this.tlsCert = Objects.requireNonNull(certChain, "certChain");
      this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Requires clients to present a certificate signed by this PEM CA (mutual TLS). Needs {@link
     * #tls}.
     */
    public Builder clientCa(Path caCert) {
      this.clientCa = caCert;
      return this;
    }

    /** Accepts this user and password (HTTP basic, exchanged for a bearer token). */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isBlank() || !user.equals(user.strip())) {
        throw new IllegalArgumentException(
            "The user name of basic authentication must be non-empty, without surrounding spaces");
      }
      if (password.isBlank()) {
        // An empty password would let anyone who knows the user name in.
        throw new IllegalArgumentException(
            "The password of user '" + user + "' is empty: give a non-empty password");
      }
      users.put(user, password);
      return this;
    }

    /** Accepts this bearer token. */
    public Builder bearerToken(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        // An empty token would let in any client sending "Authorization: Bearer ".
        throw new IllegalArgumentException("The bearer token is empty: give a non-empty token");
      }
      tokens.add(token);
      return this;
    }

    /**
     * The allocator the server takes its store and transport allocators from (default: the process
     * root). Its peak is all the Arrow memory the server used, measured outside the capped store
     * allocator (whose own peak never exceeds its limit, by construction), so tests can check the
     * cap with a measure that could fail. The caller closes it after the server.
     */
    public Builder parentAllocator(BufferAllocator parent) {
      this.parentAllocator = parent;
      return this;
    }

    /**
     * A hard cap on the bytes of stored batches; a DoPut that would exceed it fails with
     * RESOURCE_EXHAUSTED.
     */
    public Builder memoryLimit(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Memory limit must be positive, got " + bytes);
      }
      this.memoryLimit = bytes;
      return this;
    }

    /**
     * How long a stream lives after its last write unless it has its own time to live (action
     * {@code datastream.ttl}); then it is dropped. Default zero: streams never expire.
     */
    public Builder ttl(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("A time to live cannot be negative, got " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * A limit on the bytes of part files in the data or spill directory: a write that would pass it
     * fails with RESOURCE_EXHAUSTED and stores nothing, before the disk itself fills. Default none.
     */
    public Builder maxDisk(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Disk limit must be positive, got " + bytes);
      }
      this.maxDisk = bytes;
      return this;
    }

    /**
     * How long staged parts of a write wait for its commit before they are discarded. Default 1 h.
     */
    public Builder abandonAfter(Duration timeout) {
      this.abandonAfter = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Keeps parts as Arrow IPC files in this directory instead of memory, so streams may be larger
     * than memory; each file is deleted when its part is dropped, discarded or the server closes.
     */
    public Builder spillDir(Path dir) {
      this.spillDir = dir;
      return this;
    }

    /**
     * Makes the server durable: committed parts are Arrow IPC files in this directory, fsynced and
     * listed in a per-stream manifest before a commit (or plain DoPut) is acknowledged; a server
     * started on the same directory serves them again. Stored data is then on disk, not under the
     * memory cap.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /**
     * Serves Prometheus metrics ({@code /metrics}) and health ({@code /ready}, {@code /-/healthy})
     * over HTTP on this host (default loopback) and port (0: a free one, see {@link
     * #metricsPort()}).
     */
    public Builder metrics(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Metrics port must be between 0 and 65535, got " + port);
      }
      this.metricsHost = Objects.requireNonNull(host, "host");
      this.metricsPort = port;
      return this;
    }

    /**
     * Locations put into every endpoint (e.g. when clients reach the server by another name);
     * default none, meaning "this server".
     */
    public Builder advertise(Location location) {
      advertised.add(location);
      return this;
    }

    public DataStreamFlightServer start() throws IOException {
      if (clientCa != null && tlsCert == null) {
        throw new IllegalArgumentException(
            "Client certificate verification (mTLS) needs TLS: give the server's certificate and key too");
      }
      if (tlsCert != null && unixSocket != null) {
        throw new IllegalArgumentException(
            "TLS on a Unix socket is not supported: use either a TCP port with TLS or a Unix socket");
      }
      if (spillDir != null && dataDir != null) {
        throw new IllegalArgumentException(
            "Give either a data directory (durable streams, kept on disk) or a spill"
                + " directory (streams on disk, gone at stop), not both");
      }
      if (maxDisk != Long.MAX_VALUE && spillDir == null && dataDir == null) {
        throw new IllegalArgumentException(
            "A disk limit needs a data directory or a spill directory: an in-memory"
                + " server is limited by its memory limit");
      }
      if (spillDir != null) {
        try {
          OwnerOnly.directories(spillDir);
        } catch (IOException e) {
          throw new IOException(
              "Cannot create the spill directory " + spillDir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(spillDir)) {
          throw new IOException("The spill directory " + spillDir + " is not writable");
        }
        SpilledPart.removeDeadServersFiles(spillDir);
      }
      if (memoryLimit != Long.MAX_VALUE) {
        DirectMemory.check(memoryLimit);
      }
      return new DataStreamFlightServer(this);
    }
  }
}
