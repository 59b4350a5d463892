package org.datastreamio.beam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.ByteCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.datastreamio.spi.Partition;

/**
 * {@link PartitionRef} as versioned bytes: the splittable read's element survives pipeline updates.
 */
final class PartitionRefCoder extends AtomicCoder<PartitionRef> {
  private static final PartitionRefCoder INSTANCE = new PartitionRefCoder();
  static final byte VERSION = 1;
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  static PartitionRefCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(PartitionRef ref, OutputStream out) throws IOException {
    ByteCoder.of().encode(VERSION, out);
    StreamConfigCoder.of().encode(ref.config(), out);
    Partition p = ref.partition();
    STRING.encode(p.name(), out);
    ByteArrayCoder.of().encode(p.handle(), out);
    // ZigZag-free VarLong of -1 (UNKNOWN) is ten bytes; it is rare enough not to matter.
    LONG.encode(p.batchCount(), out);
    LONG.encode(p.sizeBytes(), out);
    BooleanCoder.of().encode(p.isSplittable(), out);
    LONG.encode(ref.fromBatch(), out);
    LONG.encode(ref.toBatch(), out);
  }

  @Override
  public PartitionRef decode(InputStream in) throws IOException {
    byte version = ByteCoder.of().decode(in);
    if (version != VERSION) {
      throw new CoderException(
          "A read's partition was encoded with format version "
              + version
              + ", but this DataStream IO reads version "
              + VERSION);
    }
    var config = StreamConfigCoder.of().decode(in);
    String name = STRING.decode(in);
    byte[] handle = ByteArrayCoder.of().decode(in);
    long batches = LONG.decode(in);
    long size = LONG.decode(in);
    boolean splittable = BooleanCoder.of().decode(in);
    Partition partition =
        splittable
            ? Partition.splittable(name, handle, batches, size)
            : Partition.whole(name, handle, batches, size);
    return new PartitionRef(config, partition, LONG.decode(in), LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
