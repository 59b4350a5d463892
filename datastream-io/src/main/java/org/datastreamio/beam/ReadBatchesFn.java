package org.datastreamio.beam;

import java.util.function.Consumer;
import org.datastreamio.spi.BatchSource;

/** Reads partitions as {@link ArrowBatch}es, each carrying its own schema. */
final class ReadBatchesFn extends ReadPartitionFn<ArrowBatch> {
  @Override
  void emit(PartitionRef ref, BatchSource source, Consumer<ArrowBatch> out) {
    out.accept(ArrowBatch.of(source.root()));
  }
}
