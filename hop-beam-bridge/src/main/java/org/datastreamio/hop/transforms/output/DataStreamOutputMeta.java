package org.datastreamio.hop.transforms.output;

import java.util.List;
import org.apache.hop.core.ICheckResult;
import org.apache.hop.core.annotations.Transform;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.BaseTransformMeta;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.hop.transforms.DataStreamChecks;
import org.datastreamio.hop.transforms.TransformDescriptions;

/** Writes its input rows to a Data Stream selected by name, and passes them on. */
@Transform(
    id = TransformDescriptions.OUTPUT_ID,
    name = TransformDescriptions.OUTPUT_NAME,
    description = TransformDescriptions.OUTPUT_DESCRIPTION,
    image = TransformDescriptions.OUTPUT_IMAGE,
    categoryDescription = TransformDescriptions.OUTPUT_CATEGORY,
    keywords = {
      TransformDescriptions.KEYWORD_ARROW,
      TransformDescriptions.KEYWORD_FLIGHT,
      TransformDescriptions.KEYWORD_SOCKET,
      TransformDescriptions.KEYWORD_STREAM,
      TransformDescriptions.KEYWORD_PYTHON
    })
public class DataStreamOutputMeta
    extends BaseTransformMeta<DataStreamOutput, DataStreamOutputData> {
  public static final String ID = TransformDescriptions.OUTPUT_ID;

  @HopMetadataProperty(
      key = "data_stream",
      injectionKey = "DATA_STREAM",
      injectionKeyDescription = "The name of the Data Stream")
  private String dataStreamName;

  public DataStreamOutputMeta() {}

  /**
   * A row whose value does not fit its Arrow field can go to an error hop instead of failing the
   * copy.
   */
  @Override
  public boolean supportsErrorHandling() {
    return true;
  }

  @Override
  public void check(
      List<ICheckResult> remarks,
      PipelineMeta pipelineMeta,
      TransformMeta transformMeta,
      IRowMeta prev,
      String[] input,
      String[] output,
      IRowMeta info,
      IVariables variables,
      IHopMetadataProvider metadataProvider) {
    DataStreamChecks.checkDataStream(
        remarks, transformMeta, dataStreamName, variables, metadataProvider, true);
    if (prev == null || prev.isEmpty()) {
      DataStreamChecks.warning(
          remarks,
          transformMeta,
          "Transform '"
              + transformMeta.getName()
              + "' receives no fields: connect a transform that sends the rows to write");
      return;
    }
    try {
      HopRowLayout.of(prev);
      DataStreamChecks.ok(
          remarks, transformMeta, "All " + prev.size() + " input fields have an Arrow type");
    } catch (IllegalArgumentException e) {
      DataStreamChecks.error(remarks, transformMeta, e.getMessage());
    }
  }

  public String getDataStreamName() {
    return dataStreamName;
  }

  public void setDataStreamName(String dataStreamName) {
    this.dataStreamName = dataStreamName;
  }
}
