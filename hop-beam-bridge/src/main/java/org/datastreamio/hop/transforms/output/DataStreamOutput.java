package org.datastreamio.hop.transforms.output;

import java.util.List;
import java.util.UUID;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.pipeline.Pipeline;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.BaseTransform;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.rows.HopArrowWriter;
import org.datastreamio.hop.rows.HopValueFitException;
import org.datastreamio.hop.transforms.CopyRelease;
import org.datastreamio.hop.transforms.DataStreamConnection;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.WrittenPart;

/**
 * Each copy opens its own sink on its first row, sends a batch every batch size rows (or batch
 * bytes), and on the last row finishes the sink and, when the transport stages parts, commits its
 * own part. A failed or stopped copy aborts its sink, so no half-written part becomes visible. With
 * an error hop, a row whose value does not fit its Arrow field goes there instead (the batch keeps
 * nothing of it).
 */
public class DataStreamOutput extends BaseTransform<DataStreamOutputMeta, DataStreamOutputData> {
  /** The error code of a row that does not fit its Arrow field, in the error hop's codes field. */
  public static final String ERROR_CODE = "DATASTREAM_VALUE_DOES_NOT_FIT";

  public DataStreamOutput(
      TransformMeta transformMeta,
      DataStreamOutputMeta meta,
      DataStreamOutputData data,
      int copyNr,
      PipelineMeta pipelineMeta,
      Pipeline pipeline) {
    super(transformMeta, meta, data, copyNr, pipelineMeta, pipeline);
  }

  @Override
  public boolean processRow() throws HopException {
    Object[] row = getRow();
    if (row == null) {
      if (stoppedOrFailed()) {
        // After a stop or a failure upstream, the end of input is not the end of the data:
        // dispose()
        // aborts the part and nothing is committed.
        logBasic(
            "Input ended by a stop or a failure in the pipeline; nothing is committed to Data Stream '"
                + meta.getDataStreamName()
                + "'");
        setOutputDone();
        return false;
      }
      if (data.sink == null) {
        // No rows: still write an empty part so readers see the layout.
        open(getPipelineMeta().getPrevTransformFields(this, getTransformName()));
      }
      finish();
      setOutputDone();
      return false;
    }
    if (data.sink == null) {
      open(getInputRowMeta());
    }
    try {
      data.writer.append(row);
    } catch (HopValueFitException e) {
      if (!getTransformMeta().isDoingErrorHandling()) {
        throw data.connection.about(e.getSuperMessage(), e);
      }
      // The writer left nothing of the row in the batch; the row goes to the error hop instead.
      putError(
          getInputRowMeta(),
          row,
          1,
          "Data Stream '" + data.connection.stream().getName() + "': " + e.getSuperMessage(),
          e.fieldName(),
          ERROR_CODE);
      return true;
    }
    if (data.writer.rowCount() >= data.batchRows
        || data.writer.estimatedBytes() >= data.batchBytes) {
      flush();
    }
    putRow(getInputRowMeta(), row);
    return true;
  }

  private boolean stoppedOrFailed() {
    return isStopped() || getPipeline().isStopped() || getPipeline().getErrors() > 0;
  }

  private void open(IRowMeta rowMeta) throws HopException {
    data.connection =
        DataStreamConnection.open(
            getMetadataProvider(),
            this,
            meta.getDataStreamName(),
            getTransformName(),
            getCopy(),
            true);
    data.batchRows = data.connection.batchRows();
    data.batchBytes = data.connection.batchBytes();
    try {
      data.writer = new HopArrowWriter(rowMeta, data.connection.allocator());
    } catch (IllegalArgumentException e) {
      throw data.connection.about(e.getMessage(), e);
    }
    try {
      data.writeId = writeId();
      SinkContext context = SinkContext.of(data.writeId, UUID.randomUUID().toString(), "");
      data.sink =
          data.connection
              .transport()
              .openSink(
                  data.connection.config(),
                  context,
                  data.writer.schema(),
                  data.connection.allocator());
    } catch (Exception | LinkageError e) {
      throw data.connection.failure("open", e);
    }
    logBasic(
        "Writing to Data Stream '"
            + data.connection.stream().getName()
            + "' at "
            + data.connection.config().location());
  }

  /**
   * One write per transform copy and run: each copy commits only its own part. Random first, since
   * transports may shorten the id to its start when naming files.
   */
  private String writeId() {
    return UUID.randomUUID() + "-hop-" + sanitize(getTransformName()) + "-" + getCopy();
  }

  private static String sanitize(String s) {
    return s == null ? "pipeline" : s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private void flush() throws HopException {
    if (data.writer.rowCount() == 0) {
      return;
    }
    try {
      data.sink.write(data.writer.finishBatch());
    } catch (Exception | LinkageError e) {
      throw data.connection.failure("write a batch to", e);
    }
    // Hop's "Output" metric counts rows written to the stream, added once their batch is sent.
    setLinesOutput(getLinesOutput() + data.writer.rowCount());
    data.writer.reset();
  }

  private void finish() throws HopException {
    flush();
    if (stoppedOrFailed()) {
      // Checked before finishing, so dispose() still aborts the part (a finished part could only be
      // committed).
      throw data.connection.about(
          "the pipeline stopped or another transform failed while this copy was writing; its part is aborted",
          null);
    }
    try {
      WrittenPart part = data.sink.finish();
      data.finished = true;
      if (data.connection.transport().requiresCommit(data.connection.config())) {
        data.connection
            .transport()
            .commit(data.connection.config(), data.writeId, "", List.of(part));
      }
      logBasic(
          "Wrote "
              + part.rows()
              + " rows in "
              + part.batches()
              + " batches to Data Stream '"
              + data.connection.stream().getName()
              + "'");
    } catch (Exception | LinkageError e) {
      throw data.connection.failure("finish writing to", e);
    }
  }

  @Override
  public void dispose() {
    CopyRelease release = new CopyRelease(this);
    String stream = "Data Stream '" + meta.getDataStreamName() + "'";
    if (data.sink != null) {
      var sink = data.sink;
      if (!data.finished) {
        release.step("abort its unfinished part of " + stream, sink::abort);
      }
      release.step("close its sink of " + stream, sink::close);
      data.sink = null;
    }
    if (data.writer != null) {
      release.step("free the batch it was building", data.writer::close);
      data.writer = null;
    }
    if (data.connection != null) {
      release.step("release its Arrow memory for " + stream, data.connection::close);
      data.connection = null;
    }
    super.dispose();
  }
}
