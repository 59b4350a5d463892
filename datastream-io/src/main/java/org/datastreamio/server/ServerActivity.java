package org.datastreamio.server;

import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * What the server is doing: open client connections, calls running by RPC, and every finished
 * call's status and duration by RPC. Counted by a gRPC transport filter and a Flight middleware,
 * kept in the server's Prometheus registry, read by the {@code stats} action and the metrics
 * endpoint alike.
 */
final class ServerActivity implements FlightServerMiddleware.Factory<ServerActivity.Call> {
  static final FlightServerMiddleware.Key<Call> KEY =
      FlightServerMiddleware.Key.of("datastream-activity");
  static final String DO_PUT = "do_put";
  static final String DO_GET = "do_get";

  private final Gauge connections;
  private final Gauge inFlight;
  private final Counter requests;
  private final Histogram duration;

  ServerActivity(PrometheusRegistry registry) {
    connections =
        Gauge.builder()
            .name("datastream_server_connections")
            .help("Client connections (gRPC transports) open now")
            .register(registry);
    inFlight =
        Gauge.builder()
            .name("datastream_server_calls_in_flight")
            .help("Flight calls running now, by RPC")
            .labelNames("rpc")
            .register(registry);
    requests =
        Counter.builder()
            .name("datastream_server_requests")
            .help("Finished Flight calls, by RPC and gRPC status")
            .labelNames("rpc", "status")
            .register(registry);
    duration =
        Histogram.builder()
            .name("datastream_server_request_duration_seconds")
            .unit(Unit.SECONDS)
            .help(
                "Duration of finished Flight calls, by RPC (a DoGet or DoPut lasts as long as its stream)")
            .classicOnly()
            .labelNames("rpc")
            .register(registry);
    // Present from the start, so a scrape shows 0 rather than no series.
    inFlight.labelValues(DO_PUT).set(0);
    inFlight.labelValues(DO_GET).set(0);
  }

  /** Counts gRPC transports (one per client connection); added to the server's Netty builder. */
  ServerTransportFilter connectionCounter() {
    return new ServerTransportFilter() {
      @Override
      public Attributes transportReady(Attributes attributes) {
        connections.inc();
        return attributes;
      }

      @Override
      public void transportTerminated(Attributes attributes) {
        connections.dec();
      }
    };
  }

  int connections() {
    return (int) connections.get();
  }

  int inFlight(String rpc) {
    return (int) inFlight.labelValues(rpc).get();
  }

  @Override
  public Call onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
    String rpc = info.method().name().toLowerCase(Locale.ROOT);
    inFlight.labelValues(rpc).inc();
    return new Call(rpc, System.nanoTime());
  }

  /** One call, counted once when it ends, whichever way. */
  final class Call implements FlightServerMiddleware {
    private final String rpc;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    Call(String rpc, long startNanos) {
      this.rpc = rpc;
      this.startNanos = startNanos;
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

    @Override
    public void onCallCompleted(CallStatus status) {
      if (ended.compareAndSet(false, true)) {
        inFlight.labelValues(rpc).dec();
        requests.labelValues(rpc, status.code().name()).inc();
        duration.labelValues(rpc).observe((System.nanoTime() - startNanos) / 1e9);
      }
    }

    @Override
    public void onCallErrored(Throwable err) {}
  }
}
