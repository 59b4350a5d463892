package org.datastreamio.server;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server's figures in Prometheus form: the store's (memory, files, streams, rows) read when
 * scraped, the calls' from {@link ServerActivity}, and the JVM's. Optionally served over HTTP:
 * {@code /metrics} (text format), {@code /-/healthy} (the process answers) and {@code /ready} (200
 * only while the Flight server accepts calls, for an orchestrator's readiness probe).
 */
final class ServerMetrics implements AutoCloseable {
  final PrometheusRegistry registry = new PrometheusRegistry();
  private HTTPServer http;

  ServerMetrics() {
    JvmMetrics.builder().register(registry);
  }

  /** Registers the store's figures, read at each scrape. */
  void registerStore(
      Supplier<StreamStore.Totals> totals,
      LongSupplier memoryUsed,
      LongSupplier memoryLimit,
      DiskBudget disk) {
    gauge(
        "datastream_server_memory_used_bytes",
        "Arrow memory held by stored batches and running calls",
        memoryUsed);
    if (memoryLimit.getAsLong() != Long.MAX_VALUE) {
      gauge(
          "datastream_server_memory_limit_bytes",
          "The cap on stored batches in memory (--memory-limit)",
          memoryLimit);
    }
    gauge(
        "datastream_server_spilled_bytes",
        "Part files in the spill directory (gone at stop)",
        () -> totals.get().spilledBytes);
    gauge(
        "datastream_server_durable_bytes",
        "Committed part files in the data directory",
        () -> totals.get().durableBytes);
    gauge(
        "datastream_server_staged_bytes",
        "Files of staged parts of writes not yet committed",
        () -> totals.get().stagedFileBytes);
    gauge(
        "datastream_server_disk_used_bytes",
        "All part files on disk, counted against --max-disk",
        disk::used);
    if (disk.max() != Long.MAX_VALUE) {
      gauge(
          "datastream_server_disk_limit_bytes",
          "The limit on part files on disk (--max-disk)",
          disk::max);
    }
    gauge("datastream_server_streams", "Streams held", () -> totals.get().streams);
    gauge("datastream_server_parts", "Visible (committed) parts held", () -> totals.get().parts);
    gauge("datastream_server_rows", "Visible (committed) rows held", () -> totals.get().rows);
  }

  private void gauge(String name, String help, LongSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.getAsLong()))
        .register(registry);
  }

  /** Serves the endpoints on {@code host:port} (port 0: a free one); returns the port bound. */
  int serve(String host, int port, BooleanSupplier ready) throws IOException {
    http =
        HTTPServer.builder()
            .hostname(host)
            .port(port)
            .registry(registry)
            .defaultHandler(exchange -> answer(exchange, ready))
            .buildAndStart();
    return http.getPort();
  }

  private static void answer(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int code;
    String body;
    if (path.equals("/ready")) {
      boolean ok = ready.getAsBoolean();
      code = ok ? 200 : 503;
      body = ok ? "ready\n" : "not ready: the Flight server is starting or shutting down\n";
    } else {
      code = 404;
      body =
          "DataStream Flight server: /metrics (Prometheus text), /ready (readiness), /-/healthy (liveness)\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
  }
}
