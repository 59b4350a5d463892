package org.datastreamio.beam;

import java.io.Serializable;
import java.util.Objects;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;

/** A partition together with the stream it belongs to: the element the splittable read works on. */
final class PartitionRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StreamConfig config;
  private final Partition partition;

  PartitionRef(StreamConfig config, Partition partition) {
    this.config = config;
    this.partition = partition;
  }

  StreamConfig config() {
    return config;
  }

  Partition partition() {
    return partition;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionRef && config.equals(((PartitionRef) o).config) && partition.equals(((PartitionRef) o).partition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, partition);
  }

  @Override
  public String toString() {
    return partition.name() + " of " + config.location();
  }
}
