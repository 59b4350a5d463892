package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hop.core.ICheckResult;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.RowMeta;
import org.apache.hop.core.row.value.ValueMetaInteger;
import org.apache.hop.core.row.value.ValueMetaSerializable;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.impl.ArrowFlightStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamDirection;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.transforms.input.DataStreamInputField;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hop's pipeline check (the GUI's check dialog, hop-run's checks) on pipelines with the Data Stream
 * transforms, against a real project metadata folder: an error remark for each thing that would
 * fail the run, a warning for an Input without fields, and OK remarks when all is well.
 */
class DataStreamChecksTest {
  @TempDir Path project;
  @TempDir Path streams;
  JsonMetadataProvider provider;
  IVariables variables;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @BeforeEach
  void setUp() throws Exception {
    provider = HopPipelines.project(project);
    var serializer = provider.getSerializer(DataStream.class);
    serializer.save(new DataStream("files", new ArrowFileStream("${STREAM_DIR}/files", "file")));
    serializer.save(new DataStream("files-no-folder", new ArrowFileStream(null, "file")));
    ArrowFlightStream flight = new ArrowFlightStream();
    flight.setHost("127.0.0.1");
    flight.setPort("");
    flight.setStreamName("orders");
    serializer.save(new DataStream("flight-no-port", flight));
    DataStream withReference =
        new DataStream("schema-ref", new ArrowFileStream("${STREAM_DIR}/ref", "file"));
    withReference.setSchemaReference("${STREAM_DIR}/orders.arrows");
    serializer.save(withReference);
    DataStream writeOnly =
        new DataStream("write-only", new ArrowFileStream(streams.resolve("w").toString(), "file"));
    writeOnly.setDirection(DataStreamDirection.WRITE);
    serializer.save(writeOnly);
    Files.writeString(
        project.resolve("metadata/data-stream/pigeon.json"),
        "{\"name\":\"pigeon\",\"implementation\":{\"ArrowPigeon\":{\"host\":\"x\"}}}");
    variables = new Variables();
    variables.setVariable("STREAM_DIR", streams.toString());
  }

  /** The remarks Hop's pipeline check gives for one transform, as "TYPE: text". */
  private List<String> remarks(PipelineMeta pipeline, String transform) {
    List<ICheckResult> all = new ArrayList<>();
    pipeline.checkTransforms(all, false, null, variables, provider);
    return all.stream()
        .filter(r -> r.getSourceInfo() != null && transform.equals(r.getSourceInfo().getName()))
        .map(r -> typeName(r.getType()) + ": " + r.getText())
        .collect(Collectors.toList());
  }

  private static String typeName(int type) {
    switch (type) {
      case ICheckResult.TYPE_RESULT_OK:
        return "OK";
      case ICheckResult.TYPE_RESULT_WARNING:
        return "WARNING";
      case ICheckResult.TYPE_RESULT_ERROR:
        return "ERROR";
      default:
        return "OTHER" + type;
    }
  }

  private List<String> outputRemarks(String dataStream) {
    return remarks(HopPipelines.writer(dataStream, AllTypesRows.rowMeta(), 1), HopPipelines.OUT);
  }

  private List<String> inputRemarks(String dataStream, List<DataStreamInputField> fields) {
    PipelineMeta pipeline = HopPipelines.reader(dataStream, 1);
    ((DataStreamInputMeta) pipeline.findTransform(HopPipelines.IN).getTransform())
        .setFields(fields);
    return remarks(pipeline, HopPipelines.IN);
  }

  /** Exactly one error, containing every part; no OK remark about the Data Stream. */
  private static void assertOneError(List<String> remarks, String... parts) {
    assertOneErrorBesides(remarks, parts);
    assertTrue(
        remarks.stream().noneMatch(r -> r.contains("exists and has the settings it needs")),
        remarks.toString());
  }

  private static void assertOneErrorBesides(List<String> remarks, String... parts) {
    List<String> errors =
        remarks.stream().filter(r -> r.startsWith("ERROR: ")).collect(Collectors.toList());
    assertEquals(1, errors.size(), "one error expected in " + remarks);
    for (String part : parts) {
      assertTrue(errors.get(0).contains(part), "expected '" + part + "' in " + errors.get(0));
    }
  }

  @Test
  void noDataStreamSelected() {
    assertOneError(outputRemarks(""), "has no Data Stream selected");
  }

  @Test
  void unknownDataStream() {
    assertOneError(
        outputRemarks("nope"),
        "Data Stream 'nope', which does not exist",
        "Known Data Streams: files, files-no-folder, flight-no-port");
    assertOneError(inputRemarks("nope", List.of()), "Data Stream 'nope', which does not exist");
  }

  @Test
  void unknownImplementation() {
    assertOneError(
        outputRemarks("pigeon"),
        "ERROR: Data Stream 'pigeon' cannot be loaded: Unknown Data Stream implementation 'ArrowPigeon'. Known implementations: Arrow File (ArrowFile)");
  }

  @Test
  void implementationMissingARequiredSetting() {
    assertOneError(
        outputRemarks("flight-no-port"),
        "ERROR: Data Stream 'flight-no-port': Arrow Flight data stream needs the setting 'port'");
    assertOneError(
        inputRemarks("files-no-folder", List.of()),
        "Data Stream 'files-no-folder'",
        "needs the setting 'base path'");
  }

  @Test
  void unresolvedVariable() {
    variables = new Variables();
    assertOneError(
        outputRemarks("files"),
        "setting 'base path' still holds an unresolved variable",
        "${STREAM_DIR}");
  }

  @Test
  void wrongDirection() {
    assertOneError(
        inputRemarks("write-only", List.of()),
        "reads from Data Stream 'write-only', whose direction is WRITE");
  }

  @Test
  void allWellForOutput() {
    assertEquals(
        List.of(
            "OK: Data Stream 'files' (ArrowFile, file://"
                + streams.resolve("files")
                + ") exists and has the settings it needs",
            "OK: All 9 input fields have an Arrow type"),
        outputRemarks("files"));
  }

  @Test
  void allWellForInputWithDeclaredFields() {
    assertEquals(
        List.of(
            "OK: Data Stream 'files' (ArrowFile, file://"
                + streams.resolve("files")
                + ") exists and has the settings it needs",
            "OK: 2 fields declared"),
        inputRemarks(
            "files",
            List.of(
                new DataStreamInputField("id", "Integer"),
                new DataStreamInputField("name", "String"))));
  }

  @Test
  void inputWithoutFieldsIsAWarning() {
    List<String> remarks = inputRemarks("files", List.of());
    assertEquals(2, remarks.size(), remarks.toString());
    assertTrue(remarks.get(0).startsWith("OK: Data Stream 'files'"), remarks.toString());
    assertTrue(
        remarks.get(1).startsWith("WARNING: Transform 'Data Stream Input' declares no fields"),
        remarks.toString());
  }

  @Test
  void inputWithoutFieldsButASchemaReferenceIsOk() {
    assertEquals(
        List.of(
            "OK: Data Stream 'schema-ref' (ArrowFile, file://"
                + streams.resolve("ref")
                + ") exists and has the settings it needs",
            "OK: No fields declared: they come from the schema reference "
                + streams.resolve("orders.arrows")),
        inputRemarks("schema-ref", List.of()));
  }

  @Test
  void inputFieldOfUnknownType() {
    List<String> remarks = inputRemarks("files", List.of(new DataStreamInputField("id", "Pigeon")));
    assertTrue(remarks.get(0).startsWith("OK: Data Stream 'files'"), remarks.toString());
    assertOneErrorBesides(
        remarks, "Transform 'Data Stream Input': Field 'id' has unknown Hop type 'Pigeon'");
  }

  @Test
  void outputInputFieldWithoutArrowType() {
    RowMeta layout = new RowMeta();
    layout.addValueMeta(new ValueMetaInteger("id"));
    layout.addValueMeta(new ValueMetaSerializable("blob"));
    List<String> remarks = remarks(HopPipelines.writer("files", layout, 1), HopPipelines.OUT);
    assertTrue(remarks.get(0).startsWith("OK: Data Stream 'files'"), remarks.toString());
    assertOneErrorBesides(
        remarks, "ERROR: Field 'blob' has Hop type Serializable, which a Data Stream cannot carry");
  }

  @Test
  void outputWithoutInputFieldsIsAWarning() {
    List<String> remarks =
        remarks(HopPipelines.writer("files", new RowMeta(), 1), HopPipelines.OUT);
    assertEquals(2, remarks.size(), remarks.toString());
    assertTrue(remarks.get(0).startsWith("OK: Data Stream 'files'"), remarks.toString());
    assertTrue(
        remarks.get(1).startsWith("WARNING: Transform 'Data Stream Output' receives no fields"),
        remarks.toString());
  }
}
