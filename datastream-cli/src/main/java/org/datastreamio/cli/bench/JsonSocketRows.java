package org.datastreamio.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.ToJson;
import org.apache.beam.sdk.util.RowJson;
import org.apache.beam.sdk.util.RowJsonUtils;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.cli.DemoRows;

/**
 * {@code json_socket_rows}: the traditional way, as in the Arrow Flight blog this project grew
 * from. A Beam pipeline turns the rows into JSON lines with {@link ToJson} and sends them over TCP
 * (one connection per bundle); the receiver parses every line back into a Row with Beam's RowJson.
 */
final class JsonSocketRows implements Contender {
  @Override
  public String name() {
    return "json_socket_rows";
  }

  @Override
  public String description() {
    return "Beam ToJson lines over loopback TCP, parsed back into Rows with Beam's RowJson";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    String runId = name() + "-" + UUID.randomUUID();
    ExecutorService receivers = Executors.newCachedThreadPool();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = listener.getLocalPort();
      Pipeline write = run.runner.newPipeline();
      DemoRows.generate(write, run.data.rows)
          .apply("PlainTypes", MapElements.into(TypeDescriptors.rows()).via(PlainTypeRows::of))
          .setRowSchema(PlainTypeRows.SCHEMA)
          .apply("ToJson", ToJson.of())
          .apply("Send", ParDo.of(new SendLinesFn(port)));
      run.startClock();
      List<Future<?>> connections = new ArrayList<>();
      Future<?> acceptor =
          receivers.submit(
              () -> {
                while (true) {
                  Socket socket;
                  try {
                    socket = listener.accept();
                  } catch (SocketException closed) {
                    return null;
                  }
                  connections.add(receivers.submit(() -> receive(socket, runId)));
                }
              });
      DsioContender.finish(write, "write");
      Arrivals.await(runId, run.data.rows, 600_000, name());
      long received = Arrivals.counter(runId).get();
      run.stopClock();
      listener.close();
      acceptor.get();
      for (Future<?> f : connections) {
        f.get();
      }
      return received;
    } finally {
      receivers.shutdownNow();
      Arrivals.remove(runId);
    }
  }

  private static Void receive(Socket socket, String runId) throws IOException {
    ObjectMapper mapper =
        RowJsonUtils.newObjectMapperWith(
            RowJson.RowJsonDeserializer.forSchema(PlainTypeRows.SCHEMA));
    try (Socket s = socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = in.readLine()) != null) {
        RowJsonUtils.jsonToRow(mapper, line);
        Arrivals.counter(runId).incrementAndGet();
      }
    }
    return null;
  }

  /** Sends a bundle's JSON lines over one TCP connection. */
  static final class SendLinesFn extends DoFn<String, Void> {
    private final int port;
    private transient Socket socket;
    private transient BufferedWriter out;

    SendLinesFn(int port) {
      this.port = port;
    }

    @StartBundle
    public void start() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      out =
          new BufferedWriter(
              new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
    }

    @ProcessElement
    public void process(@Element String line) throws IOException {
      out.write(line);
      out.write('\n');
    }

    @FinishBundle
    public void finish() throws IOException {
      out.close();
      socket.close();
    }
  }
}
