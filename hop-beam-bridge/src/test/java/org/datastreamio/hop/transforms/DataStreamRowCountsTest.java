package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.apache.hop.pipeline.transform.ITransform;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hop's metrics count rows, not batches: Data Stream Output's "Output" and Data Stream Input's
 * "Input" equal the rows that went through the stream, with batches of 100 and two copies on each
 * side.
 */
@ExtendWith(ArrowLeakCheck.class)
class DataStreamRowCountsTest {
  static final int ROWS = 1_234;
  static final int COPIES = 2;

  @TempDir Path project;
  @TempDir Path streams;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @Test
  void linesOutputAndLinesInputCountRows() throws HopException {
    JsonMetadataProvider provider = HopPipelines.project(project);
    DataStream files =
        new DataStream("files", new ArrowFileStream(streams.resolve("files").toString(), "file"));
    files.setBatchSize("100");
    provider.getSerializer(DataStream.class).save(files);
    IVariables variables = new Variables();
    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> rows = AllTypesRows.rows(ROWS);

    LocalPipelineEngine writer =
        HopPipelines.write(
            HopPipelines.writer("files", layout, COPIES),
            provider,
            variables,
            layout,
            rows,
            e -> {});
    HopPipelines.assertNoErrors(writer.getErrors(), "writer");
    long output = 0;
    long written = 0;
    for (int c = 0; c < COPIES; c++) {
      ITransform copy = HopPipelines.copy(writer, HopPipelines.OUT, c);
      output += copy.getLinesOutput();
      written += copy.getLinesWritten();
      assertEquals(
          copy.getLinesRead(),
          copy.getLinesOutput(),
          "copy " + c + ": every row read was written to the stream");
    }
    assertEquals(ROWS, output, "Data Stream Output's lines output: rows written to the stream");
    assertEquals(ROWS, written, "rows passed on");

    HopPipelines.ReadResult read =
        HopPipelines.read(HopPipelines.reader("files", COPIES), provider, variables);
    HopPipelines.assertNoErrors(read.errors, "reader");
    assertEquals(
        AllTypesRows.multiset(rows, layout.size()),
        AllTypesRows.multiset(read.rows, layout.size()));
    long input = 0;
    long passed = 0;
    for (int c = 0; c < COPIES; c++) {
      ITransform copy = HopPipelines.copy(read.engine, HopPipelines.IN, c);
      input += copy.getLinesInput();
      passed += copy.getLinesWritten();
    }
    assertEquals(ROWS, input, "Data Stream Input's lines input: rows read from the stream");
    assertEquals(ROWS, passed, "rows passed on");
  }
}
