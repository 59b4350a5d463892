package org.datastreamio.beam;

import java.io.Serializable;
import java.util.Objects;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;

/**
 * A range of batches of a partition, with the stream it belongs to: the element the splittable read
 * works on. Large partitions are cut into several of these before the read is spread over workers,
 * so runners that only split a restriction where its element already is (Flink) still read one file
 * or Flight part on many workers.
 */
final class PartitionRef implements Serializable {
  private static final long serialVersionUID = 2L;

  private final StreamConfig config;
  private final Partition partition;
  private final long fromBatch;
  private final long toBatch;

  PartitionRef(StreamConfig config, Partition partition, long fromBatch, long toBatch) {
    this.config = config;
    this.partition = partition;
    this.fromBatch = fromBatch;
    this.toBatch = toBatch;
  }

  /** The whole partition. */
  PartitionRef(StreamConfig config, Partition partition) {
    this(
        config,
        partition,
        0,
        partition.batchCount() == Partition.UNKNOWN ? Long.MAX_VALUE : partition.batchCount());
  }

  long fromBatch() {
    return fromBatch;
  }

  long toBatch() {
    return toBatch;
  }

  StreamConfig config() {
    return config;
  }

  Partition partition() {
    return partition;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PartitionRef)) {
      return false;
    }
    PartitionRef r = (PartitionRef) o;
    return config.equals(r.config)
        && partition.equals(r.partition)
        && fromBatch == r.fromBatch
        && toBatch == r.toBatch;
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, partition, fromBatch, toBatch);
  }

  @Override
  public String toString() {
    return partition.name() + " of " + config.location();
  }
}
