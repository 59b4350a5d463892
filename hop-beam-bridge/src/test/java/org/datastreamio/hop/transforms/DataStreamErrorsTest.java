package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamDirection;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.transforms.input.DataStreamInputField;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Hop user sees when a Data Stream is misconfigured: the pipeline fails and the log says
 * why.
 */
@ExtendWith(ArrowLeakCheck.class)
class DataStreamErrorsTest {
  @TempDir Path project;
  @TempDir Path streams;
  JsonMetadataProvider provider;
  IVariables variables;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @BeforeEach
  void setUp() throws HopException {
    provider = HopPipelines.project(project);
    provider
        .getSerializer(DataStream.class)
        .save(
            new DataStream(
                "files", new ArrowFileStream(streams.resolve("files").toString(), "file")));
    DataStream writeOnly =
        new DataStream("write-only", new ArrowFileStream(streams.resolve("w").toString(), "file"));
    writeOnly.setDirection(DataStreamDirection.WRITE);
    provider.getSerializer(DataStream.class).save(writeOnly);
    variables = new Variables();
  }

  /** The pipeline's failure as text: the exception chain if it threw, else its log. */
  private String readFailure(PipelineMeta reader) {
    try {
      HopPipelines.ReadResult result = HopPipelines.read(reader, provider, variables);
      assertTrue(result.errors > 0, "the pipeline should have failed");
      return result.log;
    } catch (HopException e) {
      return chain(e);
    }
  }

  private String writeFailure(PipelineMeta writer, IRowMeta layout, List<Object[]> rows) {
    try {
      LocalPipelineEngine engine =
          HopPipelines.write(writer, provider, variables, layout, rows, started -> {});
      assertTrue(engine.getErrors() > 0, "the pipeline should have failed");
      return HopPipelines.log(engine);
    } catch (HopException e) {
      return chain(e);
    }
  }

  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  private static void assertMentions(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), "expected '" + part + "' in:\n" + text);
    }
  }

  @Test
  void unknownDataStreamName() {
    String failure = readFailure(HopPipelines.reader("nope", 1));
    assertMentions(
        failure,
        "Data Stream 'nope', which does not exist",
        "Known Data Streams: files, write-only");
  }

  @Test
  void unknownImplementationId() throws Exception {
    Path dir = project.resolve("metadata/data-stream");
    Files.writeString(
        dir.resolve("pigeon.json"),
        "{\"name\":\"pigeon\",\"implementation\":{\"ArrowPigeon\":{\"host\":\"x\"}}}");
    IRowMeta layout = AllTypesRows.rowMeta();
    String failure =
        writeFailure(HopPipelines.writer("pigeon", layout, 1), layout, AllTypesRows.rows(10));
    assertMentions(
        failure, "Unknown Data Stream implementation 'ArrowPigeon'", "Arrow File (ArrowFile)");
  }

  @Test
  void readingAWriteOnlyStream() {
    String failure = readFailure(HopPipelines.reader("write-only", 1));
    assertMentions(failure, "reads from Data Stream 'write-only', whose direction is WRITE");
  }

  @Test
  void streamThatDoesNotExistYet() {
    String failure = readFailure(HopPipelines.reader("files", 1));
    assertMentions(failure, "Data Stream 'files' (file://" + streams.resolve("files"));
  }

  @Test
  void aStreamFieldWithNoHopTypeNamesTheCopyAndTheDataStream() throws Exception {
    PyArrow.run(
        String.join(
            "\n",
            "import os, sys, pyarrow as pa, pyarrow.ipc as ipc",
            "os.makedirs(sys.argv[1])",
            "t = pa.table({'id': [1, 2], 'tags': [['a'], ['b', 'c']]})",
            "with ipc.new_file(sys.argv[1] + '/part-0.arrow', t.schema) as w:",
            "    w.write_table(t)"),
        streams.resolve("files").toString());
    String failure = readFailure(HopPipelines.reader("files", 1));
    assertMentions(
        failure,
        "Transform 'Data Stream Input' (copy 0), Data Stream 'files': Arrow field 'tags' has type List");
  }

  @Test
  void declaredFieldsThatDoNotMatchTheStream() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    HopPipelines.assertNoErrors(
        HopPipelines.write(
            HopPipelines.writer("files", layout, 1),
            provider,
            variables,
            layout,
            AllTypesRows.rows(50)),
        "writer");
    PipelineMeta reader = HopPipelines.reader("files", 1);
    DataStreamInputMeta input =
        (DataStreamInputMeta) reader.findTransform(HopPipelines.IN).getTransform();
    List<DataStreamInputField> fields = new ArrayList<>();
    fields.add(new DataStreamInputField("id", "String"));
    fields.add(new DataStreamInputField("customer", "Integer"));
    input.setFields(fields);
    String failure = readFailure(reader);
    assertMentions(
        failure,
        "do not match the transform's fields",
        "field 'id' is String in Hop but Int(64, true)",
        "field 'customer' is not in the stream");
  }

  @Test
  void valuesThatDoNotFitTheirField() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    Object[] row = AllTypesRows.row(1);
    row[3] = new java.math.BigDecimal("1.1234567"); // price has 6 decimals
    List<Object[]> rows = new ArrayList<>();
    rows.add(row);
    String failure = writeFailure(HopPipelines.writer("files", layout, 1), layout, rows);
    assertMentions(
        failure,
        "Transform 'Data Stream Output' (copy 0), Data Stream 'files': Cannot write field 'price'",
        "1.1234567");
    try (var files = Files.list(streams)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().equals("files"))
              || isEmptyOfData(streams.resolve("files")),
          "a failed write must leave no visible data");
    }
  }

  private static boolean isEmptyOfData(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.noneMatch(p -> !p.getFileName().toString().startsWith("."));
    }
  }
}
