package org.datastreamio.cli;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/**
 * Takes the {@link DemoDigest} of the demo rows a read leg received, for {@link
 * DemoDigest#verdict}.
 */
final class VerifyDemoRowsFn extends DoFn<Row, Void> {
  private transient DemoDigest digest;

  @StartBundle
  public void startBundle() {
    digest = new DemoDigest();
  }

  @ProcessElement
  public void process(@Element Row row) {
    digest.add(row);
  }

  @FinishBundle
  public void finishBundle() {
    digest.flush();
  }
}
