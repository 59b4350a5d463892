package org.datastreamio.beam;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One Arrow record batch as a Beam element, for pipelines that stay columnar ({@code
 * DataStreamIO.readBatches()} / {@code writeBatches()}). It holds the batch as a self-contained
 * Arrow IPC stream (schema, one batch, end marker), so it needs no allocator while it travels
 * through a pipeline and carries its schema with it; open it with {@link #open}.
 */
@DefaultCoder(ArrowBatchCoder.class)
public final class ArrowBatch {
  /** The IPC stream is {@code ipc[0, length)}; the array may be longer (see {@link #of}). */
  private final byte[] ipc;

  private final int length;
  private final int rowCount;
  private transient Schema schema;

  ArrowBatch(byte[] ipc, int rowCount) {
    this(ipc, ipc.length, rowCount);
  }

  private ArrowBatch(byte[] ipc, int length, int rowCount) {
    this.ipc = ipc;
    this.length = length;
    this.rowCount = rowCount;
  }

  /**
   * Copies the root's current rows into a batch. The IPC stream is written once, into an array
   * sized from the root up front, and kept as it is when the spare room is small: a large batch is
   * copied exactly once here, not again when the array grows or is trimmed.
   */
  public static ArrowBatch of(VectorSchemaRoot root) {
    ByteArrayChannels.Out out =
        new ByteArrayChannels.Out((int) Math.min(Integer.MAX_VALUE - 64, estimate(root)));
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serialize an Arrow batch of " + root.getRowCount() + " rows", e);
    }
    byte[] bytes = out.array();
    int length = out.size();
    if (bytes.length - length > length / 4) {
      bytes =
          Arrays.copyOf(bytes, length); // a small batch: do not carry the estimate's slack around
    }
    ArrowBatch batch = new ArrowBatch(bytes, length, root.getRowCount());
    batch.schema = root.getSchema();
    return batch;
  }

  public int rowCount() {
    return rowCount;
  }

  /** Size of the batch's IPC encoding. */
  public int sizeBytes() {
    return length;
  }

  public synchronized Schema schema() {
    if (schema == null) {
      try (BufferAllocator allocator =
              org.datastreamio.arrow.ArrowMemory.newChild("arrow-batch-schema");
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

  /** Writes the IPC stream (exactly {@link #sizeBytes()} bytes). */
  void writeIpc(OutputStream out) throws IOException {
    out.write(ipc, 0, length);
  }

  private ArrowStreamReader reader(BufferAllocator allocator) {
    return new ArrowStreamReader(
        new ByteArrayChannels.In(ipc, length),
        allocator,
        org.datastreamio.arrow.IpcCompression.factory());
  }

  /** The payload, its 8-byte padding per buffer, and room for the schema and batch metadata. */
  private static long estimate(VectorSchemaRoot root) {
    long buffers = 0;
    for (FieldVector v : root.getFieldVectors()) {
      buffers += countBuffers(v);
    }
    return org.datastreamio.arrow.PayloadBytes.of(root) + 8 * buffers + 4096;
  }

  private static long countBuffers(FieldVector v) {
    long n = v.getFieldBuffers().size();
    for (FieldVector child : v.getChildrenFromFields()) {
      n += countBuffers(child);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ArrowBatch)) {
      return false;
    }
    ArrowBatch other = (ArrowBatch) o;
    return Arrays.equals(ipc, 0, length, other.ipc, 0, other.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < length; i++) {
      h = 31 * h + ipc[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "ArrowBatch{" + rowCount + " rows, " + length + " bytes}";
  }
}
