package org.datastreamio.hop.transforms.output;

import org.apache.hop.core.annotations.Transform;
import org.datastreamio.hop.transforms.TransformDescriptions;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.apache.hop.pipeline.transform.BaseTransformMeta;

/** Writes its input rows to a Data Stream selected by name, and passes them on. */
@Transform(
    id = TransformDescriptions.OUTPUT_ID,
    name = TransformDescriptions.OUTPUT_NAME,
    description = TransformDescriptions.OUTPUT_DESCRIPTION,
    image = TransformDescriptions.OUTPUT_IMAGE,
    categoryDescription = TransformDescriptions.OUTPUT_CATEGORY,
    keywords = {TransformDescriptions.KEYWORD_ARROW, TransformDescriptions.KEYWORD_FLIGHT, TransformDescriptions.KEYWORD_SOCKET,
        TransformDescriptions.KEYWORD_STREAM, TransformDescriptions.KEYWORD_PYTHON})
public class DataStreamOutputMeta extends BaseTransformMeta<DataStreamOutput, DataStreamOutputData> {
  public static final String ID = TransformDescriptions.OUTPUT_ID;

  @HopMetadataProperty(key = "data_stream", injectionKey = "DATA_STREAM", injectionKeyDescription = "The name of the Data Stream")
  private String dataStreamName;

  public DataStreamOutputMeta() {}

  /** A row whose value does not fit its Arrow field can go to an error hop instead of failing the copy. */
  @Override
  public boolean supportsErrorHandling() {
    return true;
  }

  public String getDataStreamName() {
    return dataStreamName;
  }

  public void setDataStreamName(String dataStreamName) {
    this.dataStreamName = dataStreamName;
  }
}
