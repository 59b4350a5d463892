package org.datastreamio.hop.transforms.input;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.pipeline.Pipeline;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.BaseTransform;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.rows.HopArrowReader;
import org.datastreamio.hop.transforms.CopyRelease;
import org.datastreamio.hop.transforms.DataStreamConnection;
import org.datastreamio.hop.transforms.DataStreamLayout;
import org.datastreamio.spi.Partition;

/**
 * Lists the stream's partitions on the first call and reads this copy's share (partition i goes to
 * copy i mod copies), one record batch per call.
 */
public class DataStreamInput extends BaseTransform<DataStreamInputMeta, DataStreamInputData> {

  public DataStreamInput(
      TransformMeta transformMeta,
      DataStreamInputMeta meta,
      DataStreamInputData data,
      int copyNr,
      PipelineMeta pipelineMeta,
      Pipeline pipeline) {
    super(transformMeta, meta, data, copyNr, pipelineMeta, pipeline);
  }

  @Override
  public boolean processRow() throws HopException {
    if (data.connection == null) {
      open();
    }
    if (data.source == null) {
      Partition next = data.partitions.poll();
      if (next == null) {
        setOutputDone();
        return false;
      }
      openSource(next);
    }
    boolean more;
    try {
      more = data.source.next();
    } catch (Exception | LinkageError e) {
      throw data.connection.failure("read partition " + data.current.name() + " of", e);
    }
    if (!more) {
      closeSource();
      return true;
    }
    VectorSchemaRoot root = data.source.root();
    int size = data.outputRowMeta.size();
    for (int i = 0; i < root.getRowCount() && !isStopped(); i++) {
      putRow(data.outputRowMeta, data.reader.read(root, i, size));
      incrementLinesInput();
    }
    return true;
  }

  private void open() throws HopException {
    data.connection =
        DataStreamConnection.open(
            getMetadataProvider(),
            this,
            meta.getDataStreamName(),
            getTransformName(),
            getCopy(),
            false);
    if (!meta.getFields().isEmpty()) {
      data.outputRowMeta = meta.declaredFields(this);
    } else {
      String reference = data.connection.stream().resolvedSchemaReference(this);
      Optional<Schema> schema = DataStreamLayout.discover(data.connection, reference);
      data.outputRowMeta = schema.isPresent() ? rowMeta(schema.get()) : null;
    }
    List<Partition> all;
    try {
      all =
          data.connection
              .transport()
              .listPartitions(data.connection.config(), data.connection.allocator());
    } catch (Exception | LinkageError e) {
      throw data.connection.failure("list the partitions of", e);
    }
    int copies = Math.max(1, getTransformMeta().getCopies(this));
    data.partitions = new ArrayDeque<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % copies == getCopy()) {
        data.partitions.add(all.get(i));
      }
    }
    logBasic(
        "Reading "
            + data.partitions.size()
            + " of "
            + all.size()
            + " partitions of Data Stream '"
            + data.connection.stream().getName()
            + "'");
  }

  private void openSource(Partition partition) throws HopException {
    data.current = partition;
    try {
      data.source =
          data.connection
              .transport()
              .openSource(data.connection.config(), partition, 0, data.connection.allocator());
    } catch (Exception | LinkageError e) {
      throw data.connection.failure("open partition " + partition.name() + " of", e);
    }
    if (data.outputRowMeta == null) {
      // Nothing declared and nothing discoverable up front (a socket): the first partition tells.
      data.outputRowMeta = rowMeta(data.source.schema());
    }
    try {
      data.reader =
          new HopArrowReader(
              data.source.schema(), data.outputRowMeta, data.connection.stream().getName());
    } catch (HopException e) {
      throw data.connection.about("partition " + partition.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The Hop fields of a stream's schema; a field with no Hop type fails naming this copy and the
   * stream.
   */
  private IRowMeta rowMeta(Schema schema) throws HopException {
    try {
      return HopArrowReader.rowMeta(schema);
    } catch (HopException | IllegalArgumentException e) {
      throw data.connection.about(e.getMessage(), e);
    }
  }

  private void closeSource() {
    if (data.source != null) {
      var source = data.source;
      data.source = null;
      new CopyRelease(this)
          .step(
              "close partition "
                  + data.current.name()
                  + " of Data Stream '"
                  + meta.getDataStreamName()
                  + "'",
              source::close);
    }
  }

  @Override
  public void dispose() {
    closeSource();
    if (data.connection != null) {
      new CopyRelease(this)
          .step(
              "release its Arrow memory for Data Stream '" + meta.getDataStreamName() + "'",
              data.connection::close);
      data.connection = null;
    }
    super.dispose();
  }
}
