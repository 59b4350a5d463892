package org.datastreamio.hop.beam.engine;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hop.beam.core.HopRow;
import org.apache.hop.beam.engines.IBeamPipelineEngineRunConfiguration;
import org.apache.hop.beam.pipeline.IBeamPipelineTransformHandler;
import org.apache.hop.core.annotations.Transform;
import org.datastreamio.hop.transforms.TransformDescriptions;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.logging.ILogChannel;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;

/**
 * Data Stream Input as Hop's Beam engine sees it: the same transform (same id, same XML) plus the
 * engine's handler interface, which the engine looks for on a transform's meta.
 */
@Transform(
    id = TransformDescriptions.INPUT_ID,
    name = TransformDescriptions.INPUT_NAME,
    description = TransformDescriptions.INPUT_DESCRIPTION,
    image = TransformDescriptions.INPUT_IMAGE,
    categoryDescription = TransformDescriptions.INPUT_CATEGORY,
    keywords = {TransformDescriptions.KEYWORD_ARROW, TransformDescriptions.KEYWORD_FLIGHT, TransformDescriptions.KEYWORD_SOCKET,
        TransformDescriptions.KEYWORD_STREAM, TransformDescriptions.KEYWORD_PYTHON})
public class BeamDataStreamInputMeta extends DataStreamInputMeta implements IBeamPipelineTransformHandler {

  @Override
  public boolean isInput() {
    return true;
  }

  @Override
  public boolean isOutput() {
    return false;
  }

  @Override
  public void handleTransform(ILogChannel log, IVariables variables, String runConfigurationName,
      IBeamPipelineEngineRunConfiguration runConfiguration, String dataSamplersJson, IHopMetadataProvider metadataProvider,
      PipelineMeta pipelineMeta, TransformMeta transformMeta, Map<String, PCollection<HopRow>> transformCollectionMap,
      Pipeline pipeline, IRowMeta rowMeta, List<TransformMeta> previousTransforms, PCollection<HopRow> input,
      String parentLogChannelId) throws HopException {
    DataStreamBeamHandler.handleInput(variables, metadataProvider, transformMeta, getDataStreamName(), transformCollectionMap, pipeline, rowMeta);
  }
}
