package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write and read SchemaTransformProviders, found as Beam finds them and driven by config Rows.
 */
@ExtendWith(ArrowLeakCheck.class)
class SchemaTransformProvidersTest {
  @TempDir Path dir;

  static Map<String, SchemaTransformProvider> providers() {
    Map<String, SchemaTransformProvider> byId = new HashMap<>();
    for (SchemaTransformProvider p : ServiceLoader.load(SchemaTransformProvider.class)) {
      byId.put(p.identifier(), p);
    }
    return byId;
  }

  @Test
  void providersAreFoundWithSnakeCaseConfigurations() {
    Map<String, SchemaTransformProvider> byId = providers();
    SchemaTransformProvider write = byId.get(DataStreamWriteSchemaTransformProvider.IDENTIFIER);
    SchemaTransformProvider read = byId.get(DataStreamReadSchemaTransformProvider.IDENTIFIER);
    assertTrue(
        write != null && read != null, "both providers through ServiceLoader: " + byId.keySet());
    assertEquals(
        List.of("batch_bytes", "batch_rows", "error_handling", "uri"),
        names(write.configurationSchema()));
    assertEquals(List.of("error_handling", "schema", "uri"), names(read.configurationSchema()));
    assertEquals(List.of("input"), write.inputCollectionNames());
    assertEquals(List.of("parts"), write.outputCollectionNames());
    assertEquals(List.of(), read.inputCollectionNames());
    assertEquals(List.of("output"), read.outputCollectionNames());
    assertTrue(write.configurationSchema().getField("uri").getDescription().contains("flight://"));
  }

  private static List<String> names(Schema schema) {
    return schema.getFieldNames().stream().sorted().collect(Collectors.toList());
  }

  @Test
  void writeThenReadFromConfigRows() {
    SchemaTransformProvider write =
        providers().get(DataStreamWriteSchemaTransformProvider.IDENTIFIER);
    SchemaTransformProvider read =
        providers().get(DataStreamReadSchemaTransformProvider.IDENTIFIER);
    String uri = "file://" + dir + "/yaml";
    int count = 3000;

    Pipeline p = Pipelines.direct();
    PCollection<Row> rows = FileRowsPipelineTest.typeTable(p, count);
    Row writeConfig =
        Row.withSchema(write.configurationSchema())
            .withFieldValue("uri", uri)
            .withFieldValue("batch_rows", 500)
            .withFieldValue("batch_bytes", null)
            .build();
    PCollection<Row> parts =
        PCollectionRowTuple.of("input", rows).apply(write.from(writeConfig)).get("parts");
    assertEquals(DataStreamWriteSchemaTransformProvider.PART_SCHEMA, parts.getSchema());
    PAssert.that(
            parts
                .apply(MapElements.into(TypeDescriptors.longs()).via((Row r) -> r.getInt64("rows")))
                .apply(Sum.longsGlobally()))
        .containsInAnyOrder((long) count);
    p.run().waitUntilFinish();

    Pipeline q = Pipelines.direct();
    Row readConfig =
        Row.withSchema(read.configurationSchema())
            .withFieldValue("uri", uri)
            .withFieldValue("schema", null)
            .build();
    PCollection<Row> back = PCollectionRowTuple.empty(q).apply(read.from(readConfig)).get("output");
    assertEquals(TypeTable.SCHEMA, back.getSchema());
    PAssert.that(back).satisfies(Multiset.equalTo(TypeTable.rows(count)));
    q.run().waitUntilFinish();
  }

  @Test
  void readTakesAJsonSchema() {
    Schema expected =
        Schema.builder()
            .addInt64Field("id")
            .addNullableField("name", Schema.FieldType.STRING)
            .addNullableField("tags", Schema.FieldType.array(Schema.FieldType.DOUBLE))
            .addNullableField("raw", Schema.FieldType.BYTES)
            .addNullableField(
                "address", Schema.FieldType.row(Schema.builder().addBooleanField("ok").build()))
            .build();
    String json =
        "{\"type\": \"object\", \"required\": [\"id\"], \"properties\": {"
            + "\"id\": {\"type\": \"integer\"}, \"name\": {\"type\": [\"string\", \"null\"]},"
            + "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"number\"}},"
            + "\"raw\": {\"type\": \"string\", \"contentEncoding\": \"base64\"},"
            + "\"address\": {\"type\": \"object\", \"required\": [\"ok\"], \"properties\": {\"ok\": {\"type\": \"boolean\"}}}}}";
    assertEquals(expected, JsonSchemas.toBeamSchema(json));

    DataStreamReadSchemaTransformProvider.Configuration config =
        DataStreamReadSchemaTransformProvider.Configuration.builder()
            .setUri("socket://127.0.0.1:9?role=listen")
            .setSchema(json)
            .build();
    assertEquals(expected, config.toTransform().getSchema());

    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DataStreamReadSchemaTransformProvider.Configuration.builder()
                    .setUri("socket://127.0.0.1:9?role=listen")
                    .setSchema(
                        "{\"type\": \"object\", \"properties\": {\"when\": {\"type\": \"date\"}}}")
                    .build()
                    .toTransform());
    assertTrue(
        bad.getMessage().contains("'when'") && bad.getMessage().contains("socket://127.0.0.1:9"),
        bad.getMessage());
  }

  @Test
  void rowsThatDoNotFitGoToTheErrorHandlingOutput() {
    SchemaTransformProvider write =
        providers().get(DataStreamWriteSchemaTransformProvider.IDENTIFIER);
    Schema config = write.configurationSchema();
    Row errorHandling =
        Row.withSchema(config.getField("error_handling").getType().getRowSchema())
            .withFieldValue("output", "errors")
            .build();
    Pipeline p = Pipelines.direct();
    PCollection<Row> input =
        p.apply(org.apache.beam.sdk.io.GenerateSequence.from(0).to(ErrorHandlerTest.ROWS))
            .apply(MapElements.into(TypeDescriptors.rows()).via(ErrorHandlerTest::row))
            .setRowSchema(ErrorHandlerTest.SCHEMA);
    Row writeConfig =
        Row.withSchema(config)
            .withFieldValue("uri", "file://" + dir + "/errors")
            .withFieldValue("batch_rows", 100)
            .withFieldValue("batch_bytes", null)
            .withFieldValue("error_handling", errorHandling)
            .build();
    PCollectionRowTuple out = PCollectionRowTuple.of("input", input).apply(write.from(writeConfig));
    PCollection<Row> errors = out.get("errors");
    PAssert.that(
            errors
                .apply(
                    MapElements.into(TypeDescriptors.rows())
                        .via(
                            (Row e) -> {
                              if (!e.getString("error_message").contains("'at'")) {
                                throw new AssertionError(
                                    "names the field: " + e.getString("error_message"));
                              }
                              return e.getRow("failed_row");
                            }))
                .setRowSchema(ErrorHandlerTest.SCHEMA))
        .satisfies(Multiset.equalTo(ErrorHandlerTest.rows(true)));
    p.run().waitUntilFinish();

    Pipeline q = Pipelines.direct();
    PAssert.that(q.apply(DataStreamIO.read().from("file://" + dir + "/errors")))
        .satisfies(Multiset.equalTo(ErrorHandlerTest.rows(false)));
    q.run().waitUntilFinish();
  }
}
