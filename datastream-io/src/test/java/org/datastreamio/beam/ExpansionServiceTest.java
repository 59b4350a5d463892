package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.model.expansion.v1.ExpansionApi;
import org.apache.beam.model.expansion.v1.ExpansionServiceGrpc;
import org.apache.beam.model.pipeline.v1.ExternalTransforms.SchemaTransformPayload;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.model.pipeline.v1.SchemaApi;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaTranslation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.grpc.v1p69p0.com.google.protobuf.ByteString;
import org.apache.beam.vendor.grpc.v1p69p0.io.grpc.ManagedChannel;
import org.apache.beam.vendor.grpc.v1p69p0.io.grpc.ManagedChannelBuilder;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-language use as a Python {@code SchemaAwareExternalTransform} or a Beam YAML pipeline does
 * it: Beam's Java expansion service runs in its own JVM with this project on its classpath, and
 * both DataStream URNs are discovered and expanded over its gRPC API.
 */
class ExpansionServiceTest {
  private static final String SCHEMA_TRANSFORM_URN = "beam:expansion:payload:schematransform:v1";
  private static final String ROW_CODER_URN = "beam:coder:row:v1";

  @TempDir Path dir;
  private Process service;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (service != null) {
      service.getOutputStream().close();
      if (!service.waitFor(20, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private ExpansionServiceGrpc.ExpansionServiceBlockingStub start() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ExpansionServiceProcess.class.getName());
    service =
        new ProcessBuilder(command)
            .redirectError(dir.resolve("expansion-service.log").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertTrue(line != null && line.startsWith("PORT "), "the expansion service printed " + line);
    int port = Integer.parseInt(line.substring(5).trim());
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    return ExpansionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  @Test
  void discoversAndExpandsBothUrns() throws Exception {
    // A stream for the read to find its schema in, as it would at expansion time.
    String uri = "file://" + dir + "/orders";
    Pipeline p = Pipelines.direct();
    FileRowsPipelineTest.typeTable(p, 100).apply(DataStreamIO.write().to(uri));
    p.run().waitUntilFinish();

    ExpansionServiceGrpc.ExpansionServiceBlockingStub stub = start();
    ExpansionApi.DiscoverSchemaTransformResponse discovered =
        stub.discoverSchemaTransform(
            ExpansionApi.DiscoverSchemaTransformRequest.getDefaultInstance());
    assertTrue(discovered.getError().isEmpty(), discovered.getError());
    ExpansionApi.SchemaTransformConfig readConfig =
        discovered.getSchemaTransformConfigsOrThrow(
            DataStreamReadSchemaTransformProvider.IDENTIFIER);
    ExpansionApi.SchemaTransformConfig writeConfig =
        discovered.getSchemaTransformConfigsOrThrow(
            DataStreamWriteSchemaTransformProvider.IDENTIFIER);
    assertEquals(List.of("output"), readConfig.getOutputPcollectionNamesList());
    assertEquals(List.of("input"), writeConfig.getInputPcollectionNamesList());
    assertEquals(List.of("parts"), writeConfig.getOutputPcollectionNamesList());
    assertTrue(readConfig.getDescription().contains("DataStream"), readConfig.getDescription());

    // Read: no inputs; the expanded output carries the stream's schema in its row coder.
    Schema readSchema = SchemaTranslation.schemaFromProto(readConfig.getConfigSchema());
    Row read =
        Row.withSchema(readSchema)
            .withFieldValue("uri", uri)
            .withFieldValue("schema", null)
            .build();
    ExpansionApi.ExpansionResponse readExpansion =
        stub.expand(
            ExpansionApi.ExpansionRequest.newBuilder()
                .setComponents(RunnerApi.Components.getDefaultInstance())
                .setTransform(
                    schemaTransform(
                        "ReadOrders",
                        DataStreamReadSchemaTransformProvider.IDENTIFIER,
                        readConfig,
                        read))
                .setNamespace("test-read")
                .build());
    assertTrue(readExpansion.getError().isEmpty(), readExpansion.getError());
    assertEquals(
        TypeTable.SCHEMA.getFieldNames(), outputSchema(readExpansion, "output").getFieldNames());

    // Write: its input is a PCollection of an existing pipeline, handed over in the request's
    // components.
    Schema rows = Schema.builder().addInt64Field("id").addStringField("name").build();
    Pipeline caller = Pipeline.create();
    caller.apply(
        "Rows", Create.of(Row.withSchema(rows).addValues(1L, "a").build()).withRowSchema(rows));
    RunnerApi.Pipeline proto = PipelineTranslation.toProto(caller);
    String input =
        proto.getComponents().getTransformsMap().values().stream()
            .filter(t -> t.getUniqueName().equals("Rows"))
            .findFirst()
            .orElseThrow()
            .getOutputsMap()
            .values()
            .iterator()
            .next();
    Schema writeSchema = SchemaTranslation.schemaFromProto(writeConfig.getConfigSchema());
    Row write =
        Row.withSchema(writeSchema)
            .withFieldValue("uri", "file://" + dir + "/out")
            .withFieldValue("batch_rows", 1000)
            .withFieldValue("batch_bytes", null)
            .build();
    RunnerApi.PTransform writeTransform =
        schemaTransform(
                "WriteOrders",
                DataStreamWriteSchemaTransformProvider.IDENTIFIER,
                writeConfig,
                write)
            .toBuilder()
            .putInputs("input", input)
            .build();
    ExpansionApi.ExpansionResponse writeExpansion =
        stub.expand(
            ExpansionApi.ExpansionRequest.newBuilder()
                .setComponents(proto.getComponents())
                .setTransform(writeTransform)
                .setNamespace("test-write")
                .build());
    assertTrue(writeExpansion.getError().isEmpty(), writeExpansion.getError());
    assertEquals(
        DataStreamWriteSchemaTransformProvider.PART_SCHEMA, outputSchema(writeExpansion, "parts"));
    assertTrue(
        writeExpansion.getTransform().getSubtransformsCount() > 0,
        "the write expanded into its steps");

    // A bad configuration comes back as the expansion's error, naming the problem.
    Row bad =
        Row.withSchema(readSchema)
            .withFieldValue("uri", "zmq://127.0.0.1:1")
            .withFieldValue("schema", null)
            .build();
    ExpansionApi.ExpansionResponse refused =
        stub.expand(
            ExpansionApi.ExpansionRequest.newBuilder()
                .setComponents(RunnerApi.Components.getDefaultInstance())
                .setTransform(
                    schemaTransform(
                        "ReadBad",
                        DataStreamReadSchemaTransformProvider.IDENTIFIER,
                        readConfig,
                        bad))
                .setNamespace("test-bad")
                .build());
    assertTrue(refused.getError().contains("zmq"), refused.getError());
  }

  private static RunnerApi.PTransform schemaTransform(
      String name, String identifier, ExpansionApi.SchemaTransformConfig config, Row row)
      throws Exception {
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    RowCoder.of(row.getSchema()).encode(row, encoded);
    SchemaTransformPayload payload =
        SchemaTransformPayload.newBuilder()
            .setIdentifier(identifier)
            .setConfigurationSchema(config.getConfigSchema())
            .setConfigurationRow(ByteString.copyFrom(encoded.toByteArray()))
            .build();
    return RunnerApi.PTransform.newBuilder()
        .setUniqueName(name)
        .setSpec(
            RunnerApi.FunctionSpec.newBuilder()
                .setUrn(SCHEMA_TRANSFORM_URN)
                .setPayload(payload.toByteString()))
        .build();
  }

  /** The schema in the row coder of an expanded transform's named output. */
  private static Schema outputSchema(ExpansionApi.ExpansionResponse response, String output)
      throws Exception {
    String pcollection = response.getTransform().getOutputsOrThrow(output);
    String coderId = response.getComponents().getPcollectionsOrThrow(pcollection).getCoderId();
    RunnerApi.Coder coder = response.getComponents().getCodersOrThrow(coderId);
    assertEquals(
        ROW_CODER_URN,
        coder.getSpec().getUrn(),
        "output '" + output + "' is a schema'd PCollection");
    return SchemaTranslation.schemaFromProto(
        SchemaApi.Schema.parseFrom(coder.getSpec().getPayload()));
  }
}
