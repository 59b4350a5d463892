package org.datastreamio.hop.beam.engine;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.hop.beam.core.HopRow;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.beam.DataStreamBeamTranslation;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamLookup;
import org.datastreamio.hop.rows.HopRowLayout;

/**
 * THE adapter between Hop's Beam engine and {@link DataStreamBeamTranslation}; with the two metas
 * next to it, the only code that touches the engine's API (hop-engine-beam 2.16, not on Maven
 * Central). It maps Hop's {@link HopRow} to the translation's {@code Object[]} rows and back;
 * everything else is the translation, tested on Direct and Flink without the engine. See docs/hop.md.
 */
final class DataStreamBeamHandler {
  private DataStreamBeamHandler() {}

  /** Data Stream Input: the stream's rows become the transform's PCollection of HopRow. */
  static void handleInput(IVariables variables, IHopMetadataProvider metadataProvider, TransformMeta transformMeta,
      String dataStreamName, Map<String, PCollection<HopRow>> transformCollectionMap, Pipeline pipeline, IRowMeta rowMeta)
      throws HopException {
    DataStream stream = DataStreamLookup.load(metadataProvider, dataStreamName, variables, transformMeta.getName());
    DataStreamBeamTranslation translation = DataStreamBeamTranslation.of(stream, variables, HopRowLayout.of(rowMeta));
    SerializableFunction<Row, Object[]> toHop = translation.beamToHop();
    PCollection<HopRow> rows = pipeline
        .apply(transformMeta.getName(), translation.read())
        .apply(transformMeta.getName() + " to Hop rows",
            MapElements.into(TypeDescriptor.of(HopRow.class)).via((Row row) -> new HopRow(toHop.apply(row))));
    transformCollectionMap.put(transformMeta.getName(), rows);
  }

  /** Data Stream Output: the previous transform's HopRows are written with DataStreamIO. */
  static void handleOutput(IVariables variables, IHopMetadataProvider metadataProvider, TransformMeta transformMeta,
      String dataStreamName, PCollection<HopRow> input, IRowMeta rowMeta) throws HopException {
    DataStream stream = DataStreamLookup.load(metadataProvider, dataStreamName, variables, transformMeta.getName());
    DataStreamBeamTranslation translation = DataStreamBeamTranslation.of(stream, variables, HopRowLayout.of(rowMeta));
    SerializableFunction<Object[], Row> toBeam = translation.hopToBeam();
    input
        .apply(transformMeta.getName() + " to Beam rows",
            MapElements.into(TypeDescriptors.rows()).via((HopRow row) -> toBeam.apply(row.getRow())))
        .setRowSchema(translation.beamSchema())
        .apply(transformMeta.getName(), translation.write());
  }
}
