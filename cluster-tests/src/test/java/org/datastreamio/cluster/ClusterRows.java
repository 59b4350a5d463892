package org.datastreamio.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.examples.CopyPipeline;
import org.datastreamio.examples.SampleRows;
import org.datastreamio.testing.Multiset;
import org.junit.jupiter.api.Assertions;

/**
 * Checks a stream a cluster wrote, read here on the Direct runner, against the example's rows value
 * by value.
 */
final class ClusterRows {
  private ClusterRows() {}

  /**
   * The stream at {@code uri} is exactly the multiset {@code SampleRows.row(0 .. rows-1)}: every
   * value, each row once.
   */
  static void assertExactlyOnce(String uri, long rows) {
    List<Row> expected = new ArrayList<>();
    for (long i = 0; i < rows; i++) {
      expected.add(SampleRows.row(i));
    }
    Pipeline p = Pipeline.create(uncheckedDirect());
    PAssert.that(p.apply(DataStreamIO.read().from(uri).withSchema(SampleRows.SCHEMA)))
        .satisfies(Multiset.equalTo(expected));
    Assertions.assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  /**
   * Writes {@code SampleRows.row(0 .. rows-1)} to {@code uri} here, with the example's own pipeline
   * on the Direct runner: the input of a test that runs only a copy on the cluster.
   */
  static void writeHere(String uri, long rows) {
    CopyPipeline.main(
        new String[] {
          "--runner=DirectRunner",
          "--targetParallelism=2",
          "--enforceImmutability=false",
          "--enforceEncodability=false",
          "--to=" + uri,
          "--rows=" + rows
        });
  }

  /**
   * The Direct runner without its per-element clone-and-compare checks: they test DoFns, and here
   * the only DoFns are the read's (tested with the checks in datastream-io); with them 300,000 rows
   * took minutes.
   */
  private static DirectOptions uncheckedDirect() {
    DirectOptions o = PipelineOptionsFactory.create().as(DirectOptions.class);
    o.setRunner(DirectRunner.class);
    o.setBlockOnRun(true);
    o.setTargetParallelism(2);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    return o;
  }
}
