package org.datastreamio.hop.transforms.output;

import org.apache.hop.pipeline.transform.BaseTransformData;
import org.apache.hop.pipeline.transform.ITransformData;
import org.datastreamio.hop.rows.HopArrowWriter;
import org.datastreamio.hop.transforms.DataStreamConnection;
import org.datastreamio.spi.BatchSink;

/** One transform copy's open stream: closed in reverse order of opening. */
public class DataStreamOutputData extends BaseTransformData implements ITransformData {
  DataStreamConnection connection;
  HopArrowWriter writer;
  BatchSink sink;
  String writeId;
  boolean finished;
  int batchRows;
  long batchBytes;
}
