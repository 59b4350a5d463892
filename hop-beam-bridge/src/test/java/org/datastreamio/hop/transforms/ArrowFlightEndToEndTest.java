package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.beam.BeamCollect;
import org.datastreamio.hop.beam.BeamPipelines;
import org.datastreamio.hop.beam.DataStreamBeamTranslation;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.LoopbackPorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample project's orders-flight Data Stream (basic auth, encoded password) against a real
 * Flight server on loopback: two Hop Output copies DoPut, Beam and Hop read everything back.
 */
@ExtendWith(ArrowLeakCheck.class)
class ArrowFlightEndToEndTest {
  static final int ROWS = 100_000;

  JsonMetadataProvider provider;
  Path project;
  IVariables variables;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @BeforeEach
  void setUp() throws Exception {
    project = HopProjectPipelinesTest.projectFolder();
    provider = HopPipelines.project(project);
    variables = new Variables();
    variables.setVariable("DATA_STREAM", "orders-flight");
    variables.setVariable("BATCH_ROWS", "10000");
    variables.setVariable("OUTPUT_COPIES", "2");
  }

  @Test
  void hopWritesEveryTypeToAFlightServerAndBeamAndHopReadItBackExactly() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> rows = AllTypesRows.rows(ROWS);
    TreeMap<String, Integer> expected = AllTypesRows.multiset(rows, layout.size());
    try (DataStreamFlightServer server =
        DataStreamFlightServer.builder()
            .host("127.0.0.1")
            .port(0)
            .basicAuth("hop", "change-me")
            .start()) {
      variables.setVariable("FLIGHT_PORT", Integer.toString(server.port()));
      HopPipelines.writeWithProjectWriter(project, provider, variables, layout, rows);

      String json = Files.readString(project.resolve("metadata/data-stream/orders-flight.json"));
      DataStreamBeamTranslation translation =
          DataStreamBeamTranslation.of(
              json, DataStreamBeamTranslation.variablesOf(variables), HopRowLayout.of(layout));
      Pipeline beam = BeamPipelines.direct();
      beam.apply(translation.read())
          .apply(ParDo.of(new BeamCollect("flight-read", translation.layout())));
      beam.run().waitUntilFinish();
      assertEquals(expected, BeamCollect.multiset("flight-read", layout.size()));

      HopPipelines.ReadResult read =
          HopPipelines.read(
              HopPipelines.load(
                  project.resolve("pipelines/read-data-stream.hpl"), provider, variables),
              provider,
              variables);
      HopPipelines.assertNoErrors(read.errors, "Hop reader");
      assertEquals(expected, AllTypesRows.multiset(read.rows, layout.size()));
    }
  }

  @Test
  void unreachableFlightServerFailsNamingTheEndpoint() throws Exception {
    int closedPort = LoopbackPorts.next(); // free, and nobody listens there
    variables.setVariable("FLIGHT_PORT", Integer.toString(closedPort));
    IRowMeta layout = AllTypesRows.rowMeta();
    String failure;
    try {
      LocalPipelineEngine engine =
          HopPipelines.runProjectWriter(
              project, provider, variables, layout, AllTypesRows.rows(100));
      assertTrue(engine.getErrors() > 0, "writing to a closed port must fail");
      failure = HopPipelines.log(engine);
    } catch (HopException e) {
      failure = e.toString();
    }
    String endpoint = "Data Stream 'orders-flight' (flight://127.0.0.1:" + closedPort + "/orders)";
    assertTrue(failure.contains(endpoint), failure);
    assertTrue(!failure.contains("change-me"), "the password must not be logged");
  }
}
