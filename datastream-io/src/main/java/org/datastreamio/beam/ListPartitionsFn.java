package org.datastreamio.beam;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Lineage;
import org.apache.beam.sdk.transforms.DoFn;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.LineageName;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;

/**
 * Lists each stream's independently readable partitions (files, endpoints, ports) at run time, cut
 * into batch ranges of about {@link ReadPartitionFn#TARGET_SPLIT_BYTES} where the partition allows,
 * and into at least {@link ReadPartitionFn#MIN_SPLITS} ranges per stream (not per partition), each
 * partition taking its share by its place in the stream.
 */
final class ListPartitionsFn extends DoFn<StreamConfig, PartitionRef> {
  private transient BufferAllocator allocator;

  @Setup
  public void setup() {
    allocator = ArrowMemory.newChild("datastream-list-" + UUID.randomUUID());
  }

  @ProcessElement
  public void processElement(@Element StreamConfig config, OutputReceiver<PartitionRef> out)
      throws IOException {
    Transport transport = Transports.forConfig(config);
    LineageName lineage = transport.lineage(config);
    Lineage.getSources().add(lineage.system(), lineage.segments());
    List<Partition> partitions = transport.listPartitions(config, allocator);
    long streamBatches = 0;
    for (Partition partition : partitions) {
      if (partition.isSplittable()) {
        streamBatches += partition.batchCount();
      }
    }
    long batchesBefore = 0;
    for (Partition partition : partitions) {
      PartitionRef whole = new PartitionRef(config, partition);
      OffsetRange all = new OffsetRange(whole.fromBatch(), whole.toBatch());
      for (OffsetRange range :
          ReadPartitionFn.initialSplits(partition, all, streamBatches, batchesBefore)) {
        out.output(new PartitionRef(config, partition, range.getFrom(), range.getTo()));
      }
      if (partition.isSplittable()) {
        batchesBefore += partition.batchCount();
      }
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
