package org.datastreamio.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DataStreamIO over Flight on the Direct runner: with our server (exactly-once) and with a pyarrow
 * server.
 */
@ExtendWith(ArrowLeakCheck.class)
class FlightPipelineTest {
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("name", Schema.FieldType.STRING)
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .build();

  @AfterEach
  void closeClients() {
    FlightClientPool.closeIdleClients();
  }

  static List<Row> rows(long from, long count) {
    List<Row> out = new ArrayList<>();
    for (long v = from; v < from + count; v++) {
      out.add(
          Row.withSchema(SCHEMA)
              .addValues(
                  v,
                  v % 7 == 0 ? null : "name-" + v + "-\u00e9\u6f22",
                  v % 11 == 0 ? null : v * 0.5)
              .build());
    }
    return out;
  }

  static PCollection<String> asText(PCollection<Row> rows) {
    return rows.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(r -> r.getValue("id") + "|" + r.getValue("name") + "|" + r.getValue("score")));
  }

  static List<String> asText(List<Row> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(
        r -> out.add(r.getValue("id") + "|" + r.getValue("name") + "|" + r.getValue("score")));
    return out;
  }

  @Test
  void writeExactlyOnceThenReadBack() throws Exception {
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
      String uri = server.uri("pipeline");
      List<Row> input = rows(0, 20_000);

      Pipeline write = Pipelines.direct();
      write
          .apply(Create.of(input).withRowSchema(SCHEMA))
          .apply(DataStreamIO.write().to(uri).withBatchRows(2000));
      write.run().waitUntilFinish();

      Map<String, Object> stream = firstStream(server);
      assertEquals(20_000L, ((Number) stream.get("rows")).longValue());
      assertEquals(
          0,
          ((Number) stream.get("stagedParts")).intValue(),
          "every staged part was committed or discarded");

      Pipeline read = Pipelines.direct();
      PAssert.that(asText(read.apply(DataStreamIO.read().from(uri))))
          .containsInAnyOrder(asText(input));
      read.run().waitUntilFinish();
    }
  }

  @Test
  void secondWriteAppendsAndBothAreReadOnce() throws Exception {
    try (DataStreamFlightServer server = DataStreamFlightServer.builder().port(0).start()) {
      String uri = server.uri("twice");
      for (int run = 0; run < 2; run++) {
        Pipeline write = Pipelines.direct();
        write
            .apply(Create.of(rows(run * 3000L, 3000)).withRowSchema(SCHEMA))
            .apply(DataStreamIO.write().to(uri));
        write.run().waitUntilFinish();
      }
      Pipeline read = Pipelines.direct();
      PAssert.that(asText(read.apply(DataStreamIO.read().from(uri))))
          .containsInAnyOrder(asText(rows(0, 6000)));
      read.run().waitUntilFinish();
      assertTrue(((Number) firstStream(server).get("parts")).intValue() >= 2);
    }
  }

  @Test
  void writeToAndReadFromAPyArrowServer() throws Exception {
    Process server = PyArrow.start(PyArrowFlightTest.PY_SERVER);
    try {
      int port =
          Integer.parseInt(
              new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                  .readLine()
                  .trim());
      String uri = "flight://127.0.0.1:" + port + "/beam";
      Pipeline write = Pipelines.direct();
      write
          .apply(Create.of(rows(0, 5000)).withRowSchema(SCHEMA))
          .apply(DataStreamIO.write().to(uri).withBatchRows(500));
      write.run().waitUntilFinish();

      // pyarrow's server splits the stream over three endpoints; the read takes each whole, in
      // parallel.
      Pipeline read = Pipelines.direct();
      PAssert.that(asText(read.apply(DataStreamIO.read().from(uri))))
          .containsInAnyOrder(asText(rows(0, 5000)));
      read.run().waitUntilFinish();
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void pipelinesAreBuiltWithoutReachingTheServer() throws Exception {
    int nobody;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      nobody =
          s.getLocalPort(); // closed again: nothing listens there while the pipelines are built
    }
    String uri = "flight://127.0.0.1:" + nobody + "/later";
    Pipeline write = Pipelines.direct();
    DataStreamIO.Write transform = DataStreamIO.write().to(uri);
    write.apply(Create.of(rows(0, 10)).withRowSchema(SCHEMA)).apply(transform);
    Map<String, DisplayData.Item> items = new java.util.HashMap<>();
    DisplayData.from(transform).items().forEach(i -> items.put(i.getKey(), i));
    assertEquals(
        "EXACTLY_ONCE if the endpoint offers a commit, else AT_LEAST_ONCE (asked when the pipeline runs)",
        items.get("delivery").getValue());
    assertEquals(
        "AT_LEAST_ONCE",
        DisplayData.from(DataStreamIO.write().to(uri + "?delivery=at-least-once")).items().stream()
            .filter(i -> i.getKey().equals("delivery"))
            .findFirst()
            .orElseThrow()
            .getValue());

    // A read given its schema is built without the server too (expanding it would throw otherwise).
    Pipelines.direct().apply(DataStreamIO.read().from(uri).withSchema(SCHEMA));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> firstStream(DataStreamFlightServer server) {
    return ((List<Map<String, Object>>) server.stats().get("streams")).get(0);
  }
}
