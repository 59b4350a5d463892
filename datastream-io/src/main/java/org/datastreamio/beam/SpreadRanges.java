package org.datastreamio.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Spreads partition ranges over workers. Consecutive ranges get consecutive keys before the
 * shuffle, so the ranges of one file or Flight part tend to land on different workers. (Runners may
 * re-key a splittable DoFn's input at random afterwards, as Flink's does; cutting a part into many
 * ranges is what makes an uneven spread unlikely there.)
 */
final class SpreadRanges extends PTransform<PCollection<PartitionRef>, PCollection<PartitionRef>> {

  @Override
  public PCollection<PartitionRef> expand(PCollection<PartitionRef> ranges) {
    return ranges
        .apply("NumberRanges", ParDo.of(new NumberFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), PartitionRefCoder.of()))
        .apply("Shuffle", Reshuffle.of())
        .apply("Ranges", Values.create());
  }

  /** Keys each range with its position in the bundle. */
  private static final class NumberFn extends DoFn<PartitionRef, KV<Integer, PartitionRef>> {
    private transient int next;

    @StartBundle
    public void startBundle() {
      next = 0;
    }

    @ProcessElement
    public void processElement(
        @Element PartitionRef ref, OutputReceiver<KV<Integer, PartitionRef>> out) {
      out.output(KV.of(next++, ref));
    }
  }
}
