package org.datastreamio.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DataStreamIO over Flight on the Direct runner: our writer -> our server -> our reader. */
@ExtendWith(ArrowLeakCheck.class)
class FlightPipelineTest {
  static final Schema SCHEMA = Schema.builder().addInt64Field("id").addNullableField("name", Schema.FieldType.STRING)
      .addNullableField("score", Schema.FieldType.DOUBLE).build();

  @AfterEach
  void closeClients() {
    FlightClientPool.closeIdleClients();
  }

  static List<Row> rows(long from, long count) {
    List<Row> out = new ArrayList<>();
    for (long v = from; v < from + count; v++) {
      out.add(Row.withSchema(SCHEMA).addValues(v, v % 7 == 0 ? null : "name-" + v + "-\u00e9\u6f22",
          v % 11 == 0 ? null : v * 0.5).build());
    }
    return out;
  }

  static PCollection<String> asText(PCollection<Row> rows) {
    return rows.apply(MapElements.into(TypeDescriptors.strings())
        .via(r -> r.getValue("id") + "|" + r.getValue("name") + "|" + r.getValue("score")));
  }

  static List<String> asText(List<Row> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getValue("id") + "|" + r.getValue("name") + "|" + r.getValue("score")));
    return out;
  }

  @Test
  void writeExactlyOnceThenReadBack() throws Exception {
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
      String uri = server.uri("pipeline");
      List<Row> input = rows(0, 20_000);

      Pipeline write = Pipelines.direct();
      write.apply(Create.of(input).withRowSchema(SCHEMA)).apply(DataStreamIO.write().to(uri).withBatchRows(2000));
      write.run().waitUntilFinish();

      Map<String, Object> stream = firstStream(server);
      assertEquals(20_000L, ((Number) stream.get("rows")).longValue());
      assertEquals(0, ((Number) stream.get("stagedParts")).intValue(), "every staged part was committed or discarded");

      Pipeline read = Pipelines.direct();
      PAssert.that(asText(read.apply(DataStreamIO.read().from(uri)))).containsInAnyOrder(asText(input));
      read.run().waitUntilFinish();
    }
  }

  @Test
  void secondWriteAppendsAndBothAreReadOnce() throws Exception {
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
      String uri = server.uri("twice");
      for (int run = 0; run < 2; run++) {
        Pipeline write = Pipelines.direct();
        write.apply(Create.of(rows(run * 3000L, 3000)).withRowSchema(SCHEMA)).apply(DataStreamIO.write().to(uri));
        write.run().waitUntilFinish();
      }
      Pipeline read = Pipelines.direct();
      PAssert.that(asText(read.apply(DataStreamIO.read().from(uri)))).containsInAnyOrder(asText(rows(0, 6000)));
      read.run().waitUntilFinish();
      assertTrue(((Number) firstStream(server).get("parts")).intValue() >= 2);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> firstStream(DataStreamFlightServer server) {
    return ((List<Map<String, Object>>) server.stats().get("streams")).get(0);
  }
}
