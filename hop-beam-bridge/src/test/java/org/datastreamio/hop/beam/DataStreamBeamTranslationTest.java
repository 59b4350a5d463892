package org.datastreamio.hop.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.hop.core.exception.HopException;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamJson;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Beam translation of the Data Stream transforms, from metadata JSON to rows: Flink writes,
 * Direct reads. (Flink reading through the translation is in HopProjectPipelinesTest, 100k rows.)
 */
@ExtendWith(ArrowLeakCheck.class)
class DataStreamBeamTranslationTest {
  static final int ROWS = 20_000;

  @TempDir Path streams;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  private String metadataJson() throws HopException {
    DataStream stream =
        new DataStream("events", new ArrowFileStream("${STREAM_DIR}/events", "${FORMAT}"));
    stream.setBatchSize("${BATCH}");
    return DataStreamJson.toJson(stream);
  }

  private DataStreamBeamTranslation translation(String format) throws HopException {
    Map<String, String> variables =
        Map.of("STREAM_DIR", streams.toString(), "FORMAT", format, "BATCH", "1500");
    return DataStreamBeamTranslation.of(
        metadataJson(), variables, HopRowLayout.of(AllTypesRows.rowMeta()));
  }

  /** Writes with one runner, reads with the other, compares every value. */
  private void writeThenRead(Pipeline writer, Pipeline reader, String format, String key)
      throws Exception {
    DataStreamBeamTranslation translation = SerializableUtils.clone(translation(format));
    SerializableFunction<Object[], Row> toBeam = translation.hopToBeam();
    writer
        .apply(GenerateSequence.from(0).to(ROWS))
        .apply(
            MapElements.into(TypeDescriptors.rows())
                .via((Long k) -> toBeam.apply(AllTypesRows.row(k))))
        .setRowSchema(translation.beamSchema())
        .apply(translation.write());
    writer.run().waitUntilFinish();

    reader.apply(translation.read()).apply(ParDo.of(new BeamCollect(key, translation.layout())));
    reader.run().waitUntilFinish();
    assertEquals(AllTypesRows.multiset(AllTypesRows.rows(ROWS), 9), BeamCollect.multiset(key, 9));
  }

  @Test
  void flinkWritesDirectReadsArrowStreams() throws Exception {
    writeThenRead(FlinkPipelines.local(), BeamPipelines.direct(), "stream", "flink-to-direct");
  }

  @Test
  void translationResolvesVariablesAndKeepsTheHopTypesInTheBeamSchema() throws Exception {
    DataStreamBeamTranslation translation = translation("file");
    assertEquals("events", translation.dataStreamName());
    assertEquals(9, translation.beamSchema().getFieldCount());
    assertFalse(translation.read().toString().contains("${"));
  }
}
