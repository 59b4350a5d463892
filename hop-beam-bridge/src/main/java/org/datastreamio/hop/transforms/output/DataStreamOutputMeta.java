package org.datastreamio.hop.transforms.output;

import org.apache.hop.core.annotations.Transform;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.apache.hop.pipeline.transform.BaseTransformMeta;

/** Writes its input rows to a Data Stream selected by name, and passes them on. */
@Transform(
    id = DataStreamOutputMeta.ID,
    name = "Data Stream Output",
    description = "Writes rows to a Data Stream (Arrow Socket, Arrow Flight or Arrow File)",
    image = "datastream.svg",
    categoryDescription = "i18n:org.apache.hop.pipeline.transform:BaseTransform.Category.Output",
    keywords = {"arrow", "flight", "socket", "stream", "python"})
public class DataStreamOutputMeta extends BaseTransformMeta<DataStreamOutput, DataStreamOutputData> {
  public static final String ID = "DataStreamOutput";

  @HopMetadataProperty(key = "data_stream", injectionKey = "DATA_STREAM", injectionKeyDescription = "The name of the Data Stream")
  private String dataStreamName;

  public DataStreamOutputMeta() {}

  public String getDataStreamName() {
    return dataStreamName;
  }

  public void setDataStreamName(String dataStreamName) {
    this.dataStreamName = dataStreamName;
  }
}
