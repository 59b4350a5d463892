package org.datastreamio.beam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One Arrow record batch as a Beam element, for pipelines that stay columnar
 * ({@code DataStreamIO.readBatches()} / {@code writeBatches()}). It holds the batch as a
 * self-contained Arrow IPC stream (schema, one batch, end marker), so it needs no allocator while it
 * travels through a pipeline and carries its schema with it; open it with {@link #open}.
 */
@DefaultCoder(ArrowBatchCoder.class)
public final class ArrowBatch {
  private final byte[] ipc;
  private final int rowCount;
  private transient Schema schema;

  ArrowBatch(byte[] ipc, int rowCount) {
    this.ipc = ipc;
    this.rowCount = rowCount;
  }

  /** Copies the root's current rows into a batch. */
  public static ArrowBatch of(VectorSchemaRoot root) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, estimate(root)));
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize an Arrow batch of " + root.getRowCount() + " rows", e);
    }
    ArrowBatch batch = new ArrowBatch(out.toByteArray(), root.getRowCount());
    batch.schema = root.getSchema();
    return batch;
  }

  public int rowCount() {
    return rowCount;
  }

  /** Size of the batch's IPC encoding. */
  public int sizeBytes() {
    return ipc.length;
  }

  public synchronized Schema schema() {
    if (schema == null) {
      try (BufferAllocator allocator = org.datastreamio.arrow.ArrowMemory.newChild("arrow-batch-schema");
          ArrowStreamReader reader = reader(allocator)) {
        schema = reader.getVectorSchemaRoot().getSchema();
      } catch (IOException e) {
        throw new UncheckedIOException("Corrupt ArrowBatch: cannot read its schema", e);
      }
    }
    return schema;
  }

  /**
   * Loads the batch into a new root owned by the caller, who must close it. The root's buffers are
   * allocated from {@code allocator}.
   */
  public VectorSchemaRoot open(BufferAllocator allocator) {
    try (ArrowStreamReader reader = reader(allocator)) {
      VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
      if (!reader.loadNextBatch()) {
        throw new IllegalStateException("Corrupt ArrowBatch: its IPC stream holds no record batch");
      }
      // Move the buffers out of the reader's root, which closes with the reader.
      VectorSchemaRoot owned = VectorSchemaRoot.create(loaded.getSchema(), allocator);
      for (int i = 0; i < loaded.getFieldVectors().size(); i++) {
        loaded.getVector(i).makeTransferPair(owned.getVector(i)).transfer();
      }
      owned.setRowCount(loaded.getRowCount());
      return owned;
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt ArrowBatch: cannot read its record batch", e);
    }
  }

  byte[] ipcBytes() {
    return ipc;
  }

  private ArrowStreamReader reader(BufferAllocator allocator) {
    return new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator, org.datastreamio.arrow.IpcCompression.factory());
  }

  private static long estimate(VectorSchemaRoot root) {
    return org.datastreamio.arrow.PayloadBytes.of(root) + 1024;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrowBatch && Arrays.equals(ipc, ((ArrowBatch) o).ipc);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ipc);
  }

  @Override
  public String toString() {
    return "ArrowBatch{" + rowCount + " rows, " + ipc.length + " bytes}";
  }
}
