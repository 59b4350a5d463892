package org.datastreamio.runners;

import java.util.concurrent.atomic.AtomicInteger;
import org.datastreamio.flight.FlightClientPool;
import org.datastreamio.server.DataStreamFlightServer;

/** Our embedded Flight server on a free loopback port; streams are named within it. */
final class FlightFixture implements RunnerFixture {
  private final DataStreamFlightServer server;
  private final AtomicInteger streams = new AtomicInteger();

  FlightFixture() throws Exception {
    server = DataStreamFlightServer.builder().host("127.0.0.1").port(0).start();
  }

  @Override
  public String transport() {
    return "flight";
  }

  @Override
  public Stream freshStream(String name) {
    String uri = server.uri(name + "-" + streams.incrementAndGet());
    return new Stream(uri, uri, false);
  }

  @Override
  public boolean splitsOnePart() {
    return true;
  }

  @Override
  public void close() throws Exception {
    FlightClientPool
        .closeIdleClients(); // pooled clients hold Arrow memory; close them before the server
    server.close();
  }
}
