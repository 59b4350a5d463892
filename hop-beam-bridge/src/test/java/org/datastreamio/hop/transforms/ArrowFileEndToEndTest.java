package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.beam.BeamCollect;
import org.datastreamio.hop.beam.BeamPipelines;
import org.datastreamio.hop.beam.HopBeamRows;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.hop.transforms.input.DataStreamInputField;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hop (local engine) and Beam (Direct) exchanging every Hop type through the Arrow File
 * implementation.
 */
@ExtendWith(ArrowLeakCheck.class)
class ArrowFileEndToEndTest {
  static final int ROWS = 100_000;

  @TempDir Path project;
  @TempDir Path streams;
  JsonMetadataProvider provider;
  IVariables variables;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @BeforeEach
  void projectWithDataStream() throws HopException {
    provider = HopPipelines.project(project);
    DataStream orders =
        new DataStream("orders", new ArrowFileStream("${STREAM_DIR}/orders", "file"));
    orders.setBatchSize("${BATCH_ROWS}");
    provider.getSerializer(DataStream.class).save(orders);
    variables = new Variables();
    variables.setVariable("STREAM_DIR", streams.toString());
    variables.setVariable("BATCH_ROWS", "7000");
  }

  private StreamConfig ordersConfig() throws HopException {
    return provider.getSerializer(DataStream.class).load("orders").toStreamConfig(variables);
  }

  @Test
  void hopWrites100kRowsOfEveryTypeAndBeamAndHopReadThemBackExactly() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> rows = AllTypesRows.rows(ROWS);
    HopPipelines.assertNoErrors(
        HopPipelines.write(
            HopPipelines.writer("orders", layout, 2), provider, variables, layout, rows),
        "Hop writer");
    TreeMap<String, Integer> expected = AllTypesRows.multiset(rows, layout.size());
    try (Stream<Path> files = Files.list(streams.resolve("orders"))) {
      assertEquals(
          2,
          files.filter(f -> f.toString().endsWith(".arrow")).count(),
          "one committed file per Output copy");
    }

    // Beam reads it with the schema the translation derives from the Hop layout.
    HopRowLayout hopLayout = HopRowLayout.of(layout);
    Pipeline beam = BeamPipelines.direct();
    beam.apply(
            DataStreamIO.read().from(ordersConfig()).withSchema(HopBeamRows.beamSchema(hopLayout)))
        .apply(ParDo.of(new BeamCollect("file-read", hopLayout)));
    beam.run().waitUntilFinish();
    assertEquals(expected, BeamCollect.multiset("file-read", layout.size()));

    // Hop reads it with Data Stream Input, fields discovered from the files, two copies.
    HopPipelines.ReadResult read =
        HopPipelines.read(HopPipelines.reader("orders", 2), provider, variables);
    HopPipelines.assertNoErrors(read.errors, "Hop reader");
    assertEquals(expected, AllTypesRows.multiset(read.rows, layout.size()));
    for (int i = 0; i < layout.size(); i++) {
      assertEquals(
          layout.getValueMeta(i).getTypeDesc(),
          read.rowMeta.getValueMeta(i).getTypeDesc(),
          layout.getValueMeta(i).getName());
    }
  }

  @Test
  void beamWritesAndHopsDataStreamInputReadsExactlyWhatWasWritten() throws Exception {
    int count = 30_000;
    IRowMeta layout = AllTypesRows.rowMeta();
    HopRowLayout hopLayout = HopRowLayout.of(layout);
    Schema schema = HopBeamRows.beamSchema(hopLayout);
    Pipeline beam = BeamPipelines.direct();
    beam.apply(GenerateSequence.from(0).to(count))
        .apply(
            MapElements.into(TypeDescriptors.rows())
                .via((Long k) -> HopBeamRows.toBeamRow(AllTypesRows.row(k), hopLayout, schema)))
        .setRowSchema(schema)
        .apply(DataStreamIO.write().to(ordersConfig()));
    beam.run().waitUntilFinish();

    // Declared fields: a Beam writer does not record Hop types, so the Internet Address is
    // declared.
    PipelineMeta reader = HopPipelines.reader("orders", 1);
    DataStreamInputMeta input =
        (DataStreamInputMeta) reader.findTransform(HopPipelines.IN).getTransform();
    List<DataStreamInputField> fields = new ArrayList<>();
    for (IValueMeta v : layout.getValueMetaList()) {
      DataStreamInputField f = new DataStreamInputField(v.getName(), v.getTypeDesc());
      f.setPrecision(v.getPrecision());
      fields.add(f);
    }
    input.setFields(fields);
    HopPipelines.ReadResult read = HopPipelines.read(reader, provider, variables);
    HopPipelines.assertNoErrors(read.errors, "Hop reader");
    assertEquals(
        AllTypesRows.multiset(AllTypesRows.rows(count), layout.size()),
        AllTypesRows.multiset(read.rows, layout.size()));
    // Every non-null value of the declared Internet Address field comes back as one. (Not only the
    // first row's: the order of the parts is not fixed, and the first row read may hold a null
    // there.)
    long addresses = 0;
    for (Object[] row : read.rows) {
      if (row[8] != null) {
        assertTrue(
            row[8] instanceof java.net.InetAddress,
            "field 8 of " + row[0] + ": " + row[8].getClass());
        addresses++;
      }
    }
    assertTrue(addresses > 0, "no Internet Address values were read");
  }

  @Test
  void anOutputWithoutRowsStillPublishesTheLayout() throws Exception {
    IRowMeta layout = AllTypesRows.rowMeta();
    HopPipelines.assertNoErrors(
        HopPipelines.write(
            HopPipelines.writer("orders", layout, 1), provider, variables, layout, List.of()),
        "Hop writer");
    PipelineMeta reader = HopPipelines.reader("orders", 1);
    HopPipelines.ReadResult read = HopPipelines.read(reader, provider, variables);
    HopPipelines.assertNoErrors(read.errors, "Hop reader");
    assertEquals(0, read.rows.size());
    // The Input's fields, as Hop GUI would show them, come from the empty part's schema.
    reader.setMetadataProvider(provider);
    IRowMeta fields = reader.getTransformFields(variables, HopPipelines.IN);
    assertEquals(layout.size(), fields.size());
    for (int i = 0; i < layout.size(); i++) {
      assertEquals(
          layout.getValueMeta(i).getName() + " " + layout.getValueMeta(i).getTypeDesc(),
          fields.getValueMeta(i).getName() + " " + fields.getValueMeta(i).getTypeDesc());
    }
  }
}
