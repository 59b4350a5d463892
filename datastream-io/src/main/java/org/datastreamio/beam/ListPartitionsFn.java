package org.datastreamio.beam;

import java.io.IOException;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.metrics.Lineage;
import org.apache.beam.sdk.transforms.DoFn;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.LineageName;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;

/** Lists each stream's independently readable partitions (files, endpoints, ports) at run time. */
final class ListPartitionsFn extends DoFn<StreamConfig, PartitionRef> {
  private transient BufferAllocator allocator;

  @Setup
  public void setup() {
    allocator = ArrowMemory.newChild("datastream-list-" + UUID.randomUUID());
  }

  @ProcessElement
  public void processElement(@Element StreamConfig config, OutputReceiver<PartitionRef> out) throws IOException {
    Transport transport = Transports.forConfig(config);
    LineageName lineage = transport.lineage(config);
    Lineage.getSources().add(lineage.system(), lineage.segments());
    for (Partition partition : transport.listPartitions(config, allocator)) {
      out.output(new PartitionRef(config, partition));
    }
  }

  @Teardown
  public void teardown() {
    if (allocator != null) {
      allocator.close();
      allocator = null;
    }
  }
}
