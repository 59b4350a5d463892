package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.beam.BeamCollect;
import org.datastreamio.hop.beam.DataStreamBeamTranslation;
import org.datastreamio.hop.beam.FlinkPipelines;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample project (src/test/resources/hop-project: metadata/data-stream/*.json and
 * pipelines/*.hpl) run as a Hop user would: pipelines loaded from .hpl files, Data Streams picked
 * by name.
 */
@ExtendWith(ArrowLeakCheck.class)
class HopProjectPipelinesTest {
  static final int ROWS = 100_000;

  @TempDir Path streams;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  static Path projectFolder() throws Exception {
    return Path.of(HopProjectPipelinesTest.class.getResource("/hop-project").toURI());
  }

  @Test
  void hplPipelinesWriteAndReadTheFileStreamAndFlinkReadsItBackExactly() throws Exception {
    Path project = projectFolder();
    JsonMetadataProvider provider = HopPipelines.project(project);
    IVariables variables = new Variables();
    variables.setVariable("DATA_STREAM", "orders-file");
    variables.setVariable("STREAM_DIR", streams.toString());
    variables.setVariable("BATCH_ROWS", "8192");
    variables.setVariable("OUTPUT_COPIES", "2");

    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> rows = AllTypesRows.rows(ROWS);
    TreeMap<String, Integer> expected = AllTypesRows.multiset(rows, layout.size());
    HopPipelines.writeWithProjectWriter(project, provider, variables, layout, rows);

    HopPipelines.ReadResult read =
        HopPipelines.read(
            HopPipelines.load(
                project.resolve("pipelines/read-data-stream.hpl"), provider, variables),
            provider,
            variables);
    HopPipelines.assertNoErrors(read.errors, "read-data-stream.hpl");
    assertEquals(expected, AllTypesRows.multiset(read.rows, layout.size()));

    // Flink reads the same stream through the Beam translation, from the project's metadata JSON.
    String json = Files.readString(project.resolve("metadata/data-stream/orders-file.json"));
    DataStreamBeamTranslation translation =
        DataStreamBeamTranslation.of(
            json, DataStreamBeamTranslation.variablesOf(variables), HopRowLayout.of(layout));
    Pipeline flink = FlinkPipelines.local();
    flink
        .apply(translation.read())
        .apply(ParDo.of(new BeamCollect("flink-read", translation.layout())));
    flink.run().waitUntilFinish();
    assertEquals(expected, BeamCollect.multiset("flink-read", layout.size()));
  }
}
