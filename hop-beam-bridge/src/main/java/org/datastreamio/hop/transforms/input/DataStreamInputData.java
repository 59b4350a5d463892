package org.datastreamio.hop.transforms.input;

import java.util.ArrayDeque;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.pipeline.transform.BaseTransformData;
import org.apache.hop.pipeline.transform.ITransformData;
import org.datastreamio.hop.rows.HopArrowReader;
import org.datastreamio.hop.transforms.DataStreamConnection;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;

/** One transform copy's reading state: its partitions, the open source and the row layout. */
public class DataStreamInputData extends BaseTransformData implements ITransformData {
  DataStreamConnection connection;
  ArrayDeque<Partition> partitions;
  Partition current;
  BatchSource source;
  HopArrowReader reader;
  IRowMeta outputRowMeta;
}
