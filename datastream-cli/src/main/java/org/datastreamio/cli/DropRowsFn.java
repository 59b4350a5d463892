package org.datastreamio.cli;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/**
 * Takes rows and does nothing with them: the sink of the runner's floor, the pipeline a Rows write
 * runs with DataStreamIO taken out (generating the rows and dropping them), which {@code demo} and
 * {@code bench} time to show what the write itself adds.
 */
public final class DropRowsFn extends DoFn<Row, Void> {
  @ProcessElement
  public void process(@Element Row row) {
    // Nothing: the runner has already paid for producing and handing over the row.
  }
}
