package org.datastreamio.beam;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.WrittenPart;

/**
 * Turns written parts into committed parts. For a transport that needs a commit, a GroupByKey waits
 * for every bundle of a window, then one commit publishes that window's parts; otherwise the parts
 * are already visible and pass through.
 */
final class CommitParts extends PTransform<PCollection<WrittenPart>, PCollection<WrittenPart>> {
  private final StreamConfig config;
  private final String writeId;
  private final boolean requiresCommit;

  CommitParts(StreamConfig config, String writeId, Transport transport) {
    this.config = config;
    this.writeId = writeId;
    this.requiresCommit = transport.requiresCommit(config);
  }

  static void checkCommittable(PCollection<?> input, StreamConfig config, Transport transport) {
    if (transport.requiresCommit(config)
        && input.isBounded() == PCollection.IsBounded.UNBOUNDED
        && input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows
        && input.getWindowingStrategy().getTrigger() instanceof DefaultTrigger) {
      throw new IllegalArgumentException(
          "Writing an unbounded PCollection to "
              + config.location()
              + " ("
              + transport.name()
              + ", "
              + describeDelivery(transport, config)
              + ") needs windows: its parts are committed"
              + " when a window completes, and the global window never does. Apply Window.into(FixedWindows.of(...))"
              + " before DataStreamIO.write().");
    }
  }

  /** The delivery guarantee as the config tells it, without contacting the endpoint. */
  static String describeDelivery(Transport transport, StreamConfig config) {
    return transport
        .declaredDeliveryGuarantee(config)
        .map(String::valueOf)
        .orElse(
            "EXACTLY_ONCE if the endpoint offers a commit, else AT_LEAST_ONCE (asked when the pipeline runs)");
  }

  @Override
  public PCollection<WrittenPart> expand(PCollection<WrittenPart> parts) {
    if (!requiresCommit) {
      return parts;
    }
    return parts
        .apply(
            "KeyByWindow",
            WithKeys.of(WrittenPart::windowTag).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), WrittenPartCoder.of()))
        .apply("GatherParts", GroupByKey.create())
        .apply("Commit", ParDo.of(new CommitPartsFn(config, writeId)))
        .setCoder(WrittenPartCoder.of());
  }
}
