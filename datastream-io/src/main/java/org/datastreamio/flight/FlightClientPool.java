package org.datastreamio.flight;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.LocationSchemes;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide Flight clients, one per (location, security settings), shared by every sink and
 * source so DoFns reuse channels across bundles. Reference counted: a client whose last lease is
 * returned is closed (with its allocator) after an idle delay, unless someone takes it again.
 */
public final class FlightClientPool {
  private static final Logger LOG = LoggerFactory.getLogger(FlightClientPool.class);
  static final FlightClientPool SHARED = new FlightClientPool(Duration.ofSeconds(30));

  private final long idleMillis;
  private final Map<String, Entry> entries = new HashMap<>();
  private final ScheduledExecutorService closer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "datastream-flight-client-closer");
            t.setDaemon(true);
            return t;
          });

  FlightClientPool(Duration idle) {
    this.idleMillis = idle.toMillis();
  }

  /** Closes every client nobody holds now (tests, and shutdown of an embedding application). */
  public static void closeIdleClients() {
    SHARED.closeIdle();
  }

  /** A client for {@code location} with these settings; close the lease to give it back. */
  Lease acquire(Location location, ClientSecurity security) throws IOException {
    String key = location.getUri() + "|" + security.poolKey();
    Entry entry;
    synchronized (this) {
      entry = entries.get(key);
      if (entry == null) {
        entry = new Entry(key, location, security);
        entries.put(key, entry);
      }
      entry.refs++;
      if (entry.idleClose != null) {
        entry.idleClose.cancel(false);
        entry.idleClose = null;
      }
    }
    try {
      entry.authenticate();
    } catch (IOException | RuntimeException e) {
      release(entry);
      throw e;
    }
    return new Lease(entry);
  }

  private synchronized void release(Entry entry) {
    if (--entry.refs == 0) {
      if (entries.get(entry.key) != entry) {
        entry.close(); // invalidated: nobody will take it again
      } else {
        entry.idleClose =
            closer.schedule(() -> closeIfIdle(entry), idleMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * Takes a client out of the pool after its server was unreachable: its channel would keep failing
   * fast during gRPC's reconnect backoff, so the next lease gets a fresh channel instead.
   */
  synchronized void invalidate(Lease lease) {
    if (entries.get(lease.entry.key) == lease.entry) {
      entries.remove(lease.entry.key);
    }
  }

  private synchronized void closeIfIdle(Entry entry) {
    if (entry.refs == 0 && entries.get(entry.key) == entry) {
      entries.remove(entry.key);
      entry.close();
    }
  }

  synchronized void closeIdle() {
    entries
        .values()
        .removeIf(
            e -> {
              if (e.refs > 0) {
                return false;
              }
              if (e.idleClose != null) {
                e.idleClose.cancel(false);
              }
              e.close();
              return true;
            });
  }

  /** One shared client and what was learned about its server. */
  static final class Entry {
    final String key;
    final Location location;
    final ClientSecurity security;
    final BufferAllocator allocator;
    final FlightClient client;

    /** The Unix socket client's event loop owner, or null. */
    private final UnixSocketChannels.UnixClient unixClient;

    int refs;
    ScheduledFuture<?> idleClose;

    /**
     * The bearer token's call option once logged in (or the configured token); volatile so every
     * lease after the login reads it without the entry's lock, which {@link FlightTransport} also
     * holds while it asks the server for its actions.
     */
    private volatile CallOption credentials;

    /** Whether the server lists our commit action; null until asked. */
    volatile Boolean exactlyOnce;

    Entry(String key, Location location, ClientSecurity security) throws IOException {
      this.key = key;
      this.location = location;
      this.security = security;
      this.allocator = ArrowMemory.newChild("flight-client " + location.getUri());
      try {
        if (LocationSchemes.GRPC_DOMAIN_SOCKET.equals(location.getUri().getScheme())) {
          this.unixClient = UnixSocketChannels.connect(location.getUri().getPath(), allocator);
          this.client = unixClient.client;
        } else {
          this.unixClient = null;
          this.client = build(location, security, allocator);
        }
      } catch (IOException | RuntimeException e) {
        allocator.close();
        throw e;
      }
      security
          .token()
          .ifPresent(t -> credentials = new CredentialCallOption(new BearerCredentialWriter(t)));
    }

    private static FlightClient build(
        Location location, ClientSecurity security, BufferAllocator allocator) throws IOException {
      FlightClient.Builder b = FlightClient.builder(allocator, location);
      if (LocationSchemes.GRPC_TLS.equals(location.getUri().getScheme())) {
        b.useTls();
        // The builder reads these streams only in build(), so they are held in memory, not open
        // files.
        if (security.caFile.isPresent()) {
          b.trustedCertificates(
              new ByteArrayInputStream(Files.readAllBytes(security.caFile.get())));
        }
        if (security.certFile.isPresent()) {
          b.clientCertificate(
              new ByteArrayInputStream(Files.readAllBytes(security.certFile.get())),
              new ByteArrayInputStream(Files.readAllBytes(security.keyFile.get())));
        }
      }
      return b.build();
    }

    /** Logs in once with user and password, keeping the bearer token the server hands out. */
    void authenticate() throws IOException {
      if (credentials != null || security.user.isEmpty()) {
        return;
      }
      synchronized (this) {
        if (credentials == null) {
          logIn();
        }
      }
    }

    private void logIn() throws IOException {
      try {
        credentials =
            client
                .authenticateBasicToken(security.user.get(), security.password().orElseThrow())
                .orElseThrow(
                    () ->
                        new IOException(
                            "Server "
                                + location.getUri()
                                + " accepted the login of user '"
                                + security.user.get()
                                + "' but returned no bearer token"));
      } catch (RuntimeException e) {
        throw FlightErrors.toIOException(
            "Logging in to " + location.getUri() + " as user '" + security.user.get() + "'", e);
      }
    }

    CallOption[] options(CallOption... extra) {
      CallOption token = credentials;
      int n = token == null ? 0 : 1;
      CallOption[] out = new CallOption[extra.length + n];
      System.arraycopy(extra, 0, out, 0, extra.length);
      if (token != null) {
        out[extra.length] = token;
      }
      return out;
    }

    void close() {
      try {
        if (unixClient != null) {
          unixClient.close();
        } else {
          client.close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.debug("Closing the Flight client of {}", location.getUri(), e);
      }
      try {
        allocator.close();
      } catch (RuntimeException e) {
        LOG.warn(
            "Flight client of {} closed with Arrow memory still in use: {}",
            location.getUri(),
            e.getMessage());
      }
    }
  }

  /** A borrowed client; {@link #close()} returns it to the pool. */
  final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    FlightClient client() {
      return entry.client;
    }

    Entry entry() {
      return entry;
    }

    /** See {@link FlightClientPool#invalidate}. */
    void invalidate() {
      FlightClientPool.this.invalidate(this);
    }

    /** Call options for streams (no deadline): credentials only. */
    CallOption[] options() {
      return entry.options();
    }

    /** Call options for single calls: credentials and a deadline. */
    CallOption[] options(Duration timeout) {
      return entry.options(
          org.apache.arrow.flight.CallOptions.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(entry);
      }
    }
  }
}
