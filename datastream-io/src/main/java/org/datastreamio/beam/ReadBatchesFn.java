package org.datastreamio.beam;

import org.datastreamio.spi.BatchSource;

/** Reads partitions as {@link ArrowBatch}es, each carrying its own schema. */
final class ReadBatchesFn extends ReadPartitionFn<ArrowBatch> {
  @Override
  void emit(PartitionRef ref, BatchSource source, OutputReceiver<ArrowBatch> out) {
    out.output(ArrowBatch.of(source.root()));
  }
}
