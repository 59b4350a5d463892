package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.PipelineHopMeta;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.apache.hop.pipeline.transform.ITransform;
import org.apache.hop.pipeline.transform.TransformErrorMeta;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.apache.hop.pipeline.transforms.dummy.DummyMeta;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.transforms.output.DataStreamOutput;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data Stream Output with an error hop: rows that do not fit their Arrow field go to the error hop
 * with Hop's error fields naming the field and the Data Stream; the stream holds exactly the other
 * rows.
 */
@ExtendWith(ArrowLeakCheck.class)
class DataStreamOutputErrorHopTest {
  static final int ROWS = 500;
  static final String PASSED = "passed";
  static final String ERRORS = "errors";

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
    DataStream files =
        new DataStream("files", new ArrowFileStream(streams.resolve("files").toString(), "file"));
    files.setBatchSize("50");
    provider.getSerializer(DataStream.class).save(files);
    variables = new Variables();
  }

  /** rows -> Data Stream Output -> passed (Dummy), with its error hop to errors (Dummy). */
  private static PipelineMeta writerWithErrorHop(IRowMeta layout) {
    PipelineMeta pipeline = HopPipelines.writer("files", layout, 1);
    TransformMeta out = pipeline.findTransform(HopPipelines.OUT);
    TransformMeta passed = new TransformMeta(PASSED, new DummyMeta());
    TransformMeta errors = new TransformMeta(ERRORS, new DummyMeta());
    pipeline.addTransform(passed);
    pipeline.addTransform(errors);
    pipeline.addPipelineHop(new PipelineHopMeta(out, passed));
    pipeline.addPipelineHop(new PipelineHopMeta(out, errors));
    TransformErrorMeta errorMeta =
        new TransformErrorMeta(
            out, errors, "nr_errors", "error_description", "error_field", "error_code");
    errorMeta.setEnabled(true);
    out.setTransformErrorMeta(errorMeta);
    return pipeline;
  }

  @Test
  void rowsThatDoNotFitGoToTheErrorHopAndTheRestAreWritten() throws HopException {
    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> all = new ArrayList<>();
    List<Object[]> good = new ArrayList<>();
    List<Object[]> bad = new ArrayList<>();
    TreeMap<String, String> badField = new TreeMap<>();
    for (long k = 0; k < ROWS; k++) {
      Object[] row = AllTypesRows.row(k);
      if (k % 11 == 5) {
        // 33 integer digits: at the field's scale of 6 that is 39 digits, beyond Arrow's
        // decimal128(38, 6)
        row[3] = new BigDecimal("123456789012345678901234567890123.5");
        badField.put(AllTypesRows.canonical(row, layout.size()), "price");
        bad.add(row);
      } else if (k % 17 == 3) {
        row[6] = "yes"; // a String in a Boolean field, after the variable-width 'name' was written
        badField.put(AllTypesRows.canonical(row, layout.size()), "active");
        bad.add(row);
      } else {
        good.add(row);
      }
      all.add(row);
    }

    IRowMeta[] passedLayout = new IRowMeta[1];
    IRowMeta[] errorLayout = new IRowMeta[1];
    List<List<Object[]>> collected = new ArrayList<>();
    LocalPipelineEngine engine =
        HopPipelines.write(
            writerWithErrorHop(layout),
            provider,
            variables,
            layout,
            all,
            e -> {
              collected.add(HopPipelines.collect(e, PASSED, passedLayout));
              collected.add(HopPipelines.collect(e, ERRORS, errorLayout));
            });
    HopPipelines.assertNoErrors(engine.getErrors(), "writer with an error hop");
    List<Object[]> passed = collected.get(0);
    List<Object[]> errors = collected.get(1);

    assertEquals(
        AllTypesRows.multiset(good, layout.size()),
        AllTypesRows.multiset(passed, layout.size()),
        "rows passed on");
    assertEquals(
        AllTypesRows.multiset(bad, layout.size()),
        AllTypesRows.multiset(errors, layout.size()),
        "rows on the error hop");
    int nrErrors = errorLayout[0].indexOfValue("nr_errors");
    int description = errorLayout[0].indexOfValue("error_description");
    int field = errorLayout[0].indexOfValue("error_field");
    int code = errorLayout[0].indexOfValue("error_code");
    for (Object[] error : errors) {
      String expectedField = badField.get(AllTypesRows.canonical(error, layout.size()));
      assertEquals(1L, error[nrErrors]);
      assertEquals(expectedField, error[field]);
      assertEquals(DataStreamOutput.ERROR_CODE, error[code]);
      String text = (String) error[description];
      assertTrue(
          text.startsWith("Data Stream 'files': Cannot write field '" + expectedField + "'"), text);
      assertTrue(
          text.contains(
              expectedField.equals("price")
                  ? "123456789012345678901234567890123.5 needs more than 38 digits at scale 6"
                  : "String value (yes) is not a Hop Boolean"),
          text);
    }

    ITransform out = HopPipelines.copy(engine, HopPipelines.OUT, 0);
    assertEquals(good.size(), out.getLinesOutput(), "lines output: rows written to the stream");
    assertEquals(bad.size(), out.getLinesRejected(), "lines rejected: rows sent to the error hop");

    // What the stream holds: exactly the good rows, value for value.
    HopPipelines.ReadResult read =
        HopPipelines.read(HopPipelines.reader("files", 1), provider, variables);
    HopPipelines.assertNoErrors(read.errors, "reader");
    assertEquals(
        AllTypesRows.multiset(good, layout.size()),
        AllTypesRows.multiset(read.rows, layout.size()));
  }
}
