package org.datastreamio.file;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.arrow.PayloadBytes;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.WrittenPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one bundle's batches into one Arrow IPC file (or stream file) through Beam FileSystems.
 */
final class IpcFileSink implements BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(IpcFileSink.class);

  private final ResourceId target;
  private final String windowTag;
  private final VectorSchemaRoot root;
  private final VectorLoader loader;
  private final ArrowWriter writer;
  private long rows;
  private long batches;
  private long bytes;
  private boolean closed;

  IpcFileSink(
      ResourceId target,
      String windowTag,
      IpcFormat format,
      IpcCompression compression,
      Schema schema,
      BufferAllocator allocator)
      throws IOException {
    this.target = target;
    this.windowTag = windowTag;
    WritableByteChannel channel;
    try {
      channel =
          FileSystems.create(
              target,
              format == IpcFormat.FILE
                  ? "application/vnd.apache.arrow.file"
                  : "application/vnd.apache.arrow.stream");
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "Cannot create Arrow file "
              + target
              + ": "
              + e.getMessage()
              + ". Check that the directory exists or can be created, and that this worker may write there.",
          e);
    }
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.loader = new VectorLoader(root);
    try {
      this.writer =
          format == IpcFormat.FILE
              ? new ArrowFileWriter(
                  root,
                  null,
                  channel,
                  Collections.emptyMap(),
                  IpcOption.DEFAULT,
                  IpcCompression.factory(),
                  compression.codecType())
              : new ArrowStreamWriter(
                  root,
                  null,
                  channel,
                  IpcOption.DEFAULT,
                  IpcCompression.factory(),
                  compression.codecType());
      writer.start();
    } catch (IOException | RuntimeException e) {
      root.close();
      closeQuietly(channel);
      throw new IOException("Cannot start Arrow file " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    // Move the caller's buffers into our root by reference (no copy); the writer then serializes
    // them.
    try (ArrowRecordBatch recordBatch = new VectorUnloader(batch).getRecordBatch()) {
      loader.load(recordBatch);
    }
    try {
      writer.writeBatch();
    } catch (IOException e) {
      throw new IOException(
          "Cannot write batch " + batches + " to Arrow file " + target + ": " + e.getMessage(), e);
    }
    rows += batch.getRowCount();
    bytes += PayloadBytes.of(root);
    batches++;
  }

  @Override
  public WrittenPart finish() throws IOException {
    try {
      writer.end();
      writer.close();
    } catch (IOException | RuntimeException e) {
      throw new IOException("Cannot complete Arrow file " + target + ": " + e.getMessage(), e);
    } finally {
      closed = true;
    }
    return WrittenPart.of(target.toString(), windowTag, rows, batches, bytes);
  }

  @Override
  public void abort() {
    if (!closed) {
      closed = true;
      try {
        writer.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing aborted Arrow file {} failed", target, e);
      }
    }
    try {
      FileSystems.delete(List.of(target), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // Staged files of failed bundles are also removed by the commit; this is only early cleanup.
      LOG.debug("Deleting aborted Arrow file {} failed", target, e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      abort();
    }
    root.close();
  }

  private static void closeQuietly(WritableByteChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing channel failed", e);
    }
  }
}
