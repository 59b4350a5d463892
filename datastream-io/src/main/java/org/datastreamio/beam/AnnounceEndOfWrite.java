package org.datastreamio.beam;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.joda.time.Duration;

/**
 * The last step of a bounded write to a transport that {@link Transport#announcesEndOfWrite
 * announces its end}: gathers every part of the write, from every window, into one group that fires
 * once, when all bundles are done, and hands them to {@link Transport#endOfWrite}. An unbounded
 * write never ends, so it has no such step.
 */
final class AnnounceEndOfWrite extends PTransform<PCollection<WrittenPart>, PDone> {
  private final StreamConfig config;
  private final String writeId;

  AnnounceEndOfWrite(StreamConfig config, String writeId) {
    this.config = config;
    this.writeId = writeId;
  }

  /** Whether a write of {@code input} gets this step. */
  static boolean applies(PCollection<?> input, StreamConfig config, Transport transport) {
    return input.isBounded() == PCollection.IsBounded.BOUNDED
        && transport.announcesEndOfWrite(config);
  }

  @Override
  public PDone expand(PCollection<WrittenPart> parts) {
    parts
        // One pane for the whole write, whatever the windows and triggers of the rows were.
        .apply(
            "WholeWrite",
            Window.<WrittenPart>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply(
            "KeyByWrite",
            WithKeys.<String, WrittenPart>of(writeId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), WrittenPartCoder.of()))
        .apply("GatherParts", GroupByKey.create())
        .apply("EndOfWrite", ParDo.of(new EndOfWriteFn(config)));
    return PDone.in(parts.getPipeline());
  }

  private static final class EndOfWriteFn extends DoFn<KV<String, Iterable<WrittenPart>>, Void> {
    private final StreamConfig config;
    private transient Transport transport;

    EndOfWriteFn(StreamConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      transport = Transports.forConfig(config);
    }

    @ProcessElement
    public void processElement(@Element KV<String, Iterable<WrittenPart>> parts) {
      List<WrittenPart> list = new ArrayList<>();
      parts.getValue().forEach(list::add);
      transport.endOfWrite(config, parts.getKey(), list);
    }
  }
}
