package org.datastreamio.beam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.datastreamio.spi.WrittenPart;

/** A compact, deterministic coder for {@link WrittenPart}. */
final class WrittenPartCoder extends AtomicCoder<WrittenPart> {
  private static final WrittenPartCoder INSTANCE = new WrittenPartCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  static WrittenPartCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WrittenPart part, OutputStream out) throws IOException {
    STRING.encode(part.location(), out);
    STRING.encode(part.windowTag(), out);
    LONG.encode(part.rows(), out);
    LONG.encode(part.batches(), out);
    LONG.encode(part.bytes(), out);
  }

  @Override
  public WrittenPart decode(InputStream in) throws IOException {
    return WrittenPart.of(
        STRING.decode(in), STRING.decode(in), LONG.decode(in), LONG.decode(in), LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
