package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Lineage;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Beam Rows of every mapped type through files and back, on the Direct runner. */
@ExtendWith(ArrowLeakCheck.class)
class FileRowsPipelineTest {
  @TempDir Path dir;

  static PCollection<Row> typeTable(Pipeline p, long count) {
    return p.apply(GenerateSequence.from(0).to(count))
        .apply(MapElements.into(TypeDescriptors.rows()).via(TypeTable::row))
        .setRowSchema(TypeTable.SCHEMA);
  }

  @ParameterizedTest
  @CsvSource({
    "format=file&compression=none, 10000",
    "format=stream&compression=zstd, 2000",
    "format=file&compression=lz4, 2000"
  })
  void everyTypeRoundTripsThroughFiles(String params, int rowCount) throws Exception {
    String uri = "file://" + dir + "/rows?batchRows=" + Math.max(1, rowCount / 4) + "&" + params;
    Pipeline write = Pipelines.direct();
    typeTable(write, rowCount).apply(DataStreamIO.write().to(uri));
    write.run().waitUntilFinish();

    try (Stream<Path> files = Files.list(dir.resolve("rows"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
      assertTrue(
          !names.isEmpty() && names.stream().allMatch(n -> n.startsWith("part-")),
          names.toString());
    }

    Pipeline read = Pipelines.direct();
    PCollection<Row> rows = read.apply(DataStreamIO.read().from("file://" + dir + "/rows"));
    assertEquals(
        TypeTable.SCHEMA, rows.getSchema(), "the schema read from the files is the one written");
    PAssert.that(rows).satisfies(Multiset.equalTo(TypeTable.rows(rowCount)));
    read.run().waitUntilFinish();
  }

  @Test
  void writeAndReadReportTheirStreamToBeamLineage() {
    String uri = "file://" + dir + "/lineage";
    Pipeline write = Pipelines.direct();
    typeTable(write, 100).apply(DataStreamIO.write().to(uri));
    PipelineResult written = write.run();
    written.waitUntilFinish();
    Pipeline read = Pipelines.direct();
    read.apply(DataStreamIO.read().from(uri));
    PipelineResult readResult = read.run();
    readResult.waitUntilFinish();

    String expected =
        "filesystem:" + dir.resolve("lineage").toString().substring(1).replace('/', '.');
    assertEquals(
        Set.of(expected),
        Lineage.query(written.metrics(), Lineage.Type.SINK),
        "sinks of the write");
    assertEquals(
        Set.of(expected),
        Lineage.query(readResult.metrics(), Lineage.Type.SOURCE),
        "sources of the read");
  }

  @Test
  void readAllReadsEveryStreamOfACollection() {
    Pipeline write = Pipelines.direct();
    typeTable(write, 300).apply(DataStreamIO.write().to("file://" + dir + "/a"));
    typeTable(write, 300).apply(DataStreamIO.write().to("file://" + dir + "/b?format=stream"));
    write.run().waitUntilFinish();

    Pipeline read = Pipelines.direct();
    PCollection<Row> rows =
        read.apply(
                org.apache.beam.sdk.transforms.Create.of(
                        org.datastreamio.spi.StreamConfig.parse("file://" + dir + "/a"),
                        org.datastreamio.spi.StreamConfig.parse("file://" + dir + "/b"))
                    .withCoder(
                        org.apache.beam.sdk.coders.SerializableCoder.of(
                            org.datastreamio.spi.StreamConfig.class)))
            .apply(DataStreamIO.readAll().withSchema(TypeTable.SCHEMA));
    List<Row> expected = new java.util.ArrayList<>(TypeTable.rows(300));
    expected.addAll(TypeTable.rows(300));
    PAssert.that(rows).satisfies(Multiset.equalTo(expected));
    read.run().waitUntilFinish();
  }

  @Test
  void readWithAMismatchingSchemaFailsNamingTheFileAndField() {
    Pipeline write = Pipelines.direct();
    typeTable(write, 10).apply(DataStreamIO.write().to("file://" + dir + "/m"));
    write.run().waitUntilFinish();

    Schema other = Schema.builder().addInt64Field("id").addStringField("not_there").build();
    Pipeline read = Pipelines.direct();
    read.apply(DataStreamIO.read().from("file://" + dir + "/m").withSchema(other));
    Exception e = assertThrows(Exception.class, () -> read.run().waitUntilFinish());
    String message = causes(e);
    assertTrue(
        message.contains("/m/part-") && message.contains("does not match the schema of the read"),
        message);
  }

  @Test
  void constructionErrorsAreClear() {
    Pipeline p = Pipelines.direct();
    RuntimeException missing =
        assertThrows(
            RuntimeException.class,
            () -> p.apply(DataStreamIO.read().from("file://" + dir + "/missing")));
    assertTrue(
        missing.getMessage().contains(dir + "/missing")
            && missing.getMessage().contains("withSchema"),
        missing.getMessage());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> typeTable(p, 1).apply(DataStreamIO.write()));
    assertTrue(e.getMessage().contains("needs a stream"), e.getMessage());
  }

  @Test
  void displayDataShowsTheStreamWithoutSecrets() {
    DataStreamIO.Write write =
        DataStreamIO.write()
            .to(
                org.datastreamio.spi.StreamConfig.parse("file:///tmp/out?batchRows=10")
                    .withSecret("token", "very-secret"));
    DisplayData data = DisplayData.from(write);
    String shown = data.items().toString();
    assertTrue(shown.contains("file:///tmp/out?batchRows=10"), shown);
    assertTrue(shown.contains("EXACTLY_ONCE"), shown);
    assertTrue(!shown.contains("very-secret"), shown);
  }

  static String causes(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
