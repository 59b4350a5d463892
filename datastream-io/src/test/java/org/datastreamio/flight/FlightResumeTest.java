package org.datastreamio.flight;

import static org.datastreamio.flight.FlightTestData.expected;
import static org.datastreamio.flight.FlightTestData.writePart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.server.DataStreamFlightServer;
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

/**
 * A read whose connection is cut mid-part resumes at the next batch: no row lost, none repeated.
 */
@ExtendWith(ArrowLeakCheck.class)
class FlightResumeTest {
  @Test
  void readResumesAfterTheConnectionIsCut() throws Exception {
    readCutAfterBatch3(CuttableProxy::cut);
  }

  /**
   * A read whose connection the peer closes with GOAWAY (gRPC then fails the open DoGet with
   * INTERNAL "Connection closed after GOAWAY", as after an over-cap DoPut on the same connection)
   * resumes on a new connection at the next batch: no row lost, none repeated.
   */
  @Test
  void readResumesAfterTheConnectionIsClosedWithGoAway() throws Exception {
    readCutAfterBatch3(CuttableProxy::goAwayAndCut);
  }

  /** Reads a 300-batch part through a proxy, cutting its connection after batch 3. */
  private static void readCutAfterBatch3(Consumer<CuttableProxy> cut) throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start();
        CuttableProxy proxy = new CuttableProxy(server.port())) {
      StreamConfig direct = StreamConfig.parse(server.uri("r"));
      Transport t = Transports.forConfig(direct);
      WrittenPart p = writePart(t, direct, SinkContext.of("w", "p", ""), allocator, 0, 300, 2000);
      t.commit(direct, "w", "", List.of(p));

      StreamConfig viaProxy =
          StreamConfig.parse("flight://127.0.0.1:" + proxy.port() + "/r?retries=3");
      Partition part = t.listPartitions(viaProxy, allocator).get(0);
      int before = proxy.accepted();
      List<String> rows = new ArrayList<>();
      try (BatchSource source = t.openSource(viaProxy, part, 0, allocator)) {
        for (int batch = 0; source.next(); batch++) {
          TestBatches.values(source.root()).forEach(r -> rows.add(r.toString()));
          if (batch == 3) {
            cut.accept(proxy);
          }
        }
      }
      assertTrue(proxy.accepted() > before, "the read reconnected after the cut");
      Collections.sort(rows);
      assertEquals(expected(0, 600_000), rows);
      // The pooled client the cut read used was replaced: the next call works.
      assertEquals(1, t.listPartitions(viaProxy, allocator).size());
    } finally {
      FlightClientPool.closeIdleClients();
    }
  }
}
