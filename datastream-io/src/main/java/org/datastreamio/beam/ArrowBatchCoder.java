package org.datastreamio.beam;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/** Encodes an {@link ArrowBatch} as its row count and its Arrow IPC bytes. Deterministic. */
public final class ArrowBatchCoder extends AtomicCoder<ArrowBatch> {
  private static final ArrowBatchCoder INSTANCE = new ArrowBatchCoder();

  public static ArrowBatchCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ArrowBatch value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("Cannot encode a null ArrowBatch");
    }
    VarInt.encode(value.rowCount(), out);
    VarInt.encode(value.sizeBytes(), out);
    value.writeIpc(out);
  }

  @Override
  public ArrowBatch decode(InputStream in) throws IOException {
    int rows = VarInt.decodeInt(in);
    int length = VarInt.decodeInt(in);
    byte[] bytes = new byte[length];
    new DataInputStream(in).readFully(bytes);
    return new ArrowBatch(bytes, rows);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  @Override
  protected long getEncodedElementByteSize(ArrowBatch value) {
    int size = value.sizeBytes();
    return VarInt.getLength(value.rowCount()) + VarInt.getLength(size) + size;
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
