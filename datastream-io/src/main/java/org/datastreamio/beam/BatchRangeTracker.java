package org.datastreamio.beam;

import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;

/**
 * Claims record-batch indices of a partition. A partition that cannot be read from an arbitrary
 * batch (a stream file, a socket, a foreign Flight endpoint) refuses every split, so the runner
 * never checkpoints it halfway.
 */
final class BatchRangeTracker extends OffsetRangeTracker {
  private final boolean splittable;

  BatchRangeTracker(OffsetRange range, boolean splittable) {
    super(range);
    this.splittable = splittable;
  }

  @Override
  public SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
    return splittable ? super.trySplit(fractionOfRemainder) : null;
  }
}
