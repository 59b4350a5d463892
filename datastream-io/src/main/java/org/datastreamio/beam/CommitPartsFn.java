package org.datastreamio.beam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;

/**
 * The write's last step: after a GroupByKey has gathered the parts of every successful bundle of a
 * window, makes exactly those visible in one transport commit. Runs once per window (and again if
 * the runner retries it, which transports handle idempotently).
 */
final class CommitPartsFn extends DoFn<KV<String, Iterable<WrittenPart>>, WrittenPart> {
  private final StreamConfig config;
  private final String writeId;
  private transient Transport transport;

  CommitPartsFn(StreamConfig config, String writeId) {
    this.config = config;
    this.writeId = writeId;
  }

  @Setup
  public void setup() {
    transport = Transports.forConfig(config);
  }

  @ProcessElement
  public void processElement(
      @Element KV<String, Iterable<WrittenPart>> parts, OutputReceiver<WrittenPart> out)
      throws IOException {
    List<WrittenPart> list = new ArrayList<>();
    parts.getValue().forEach(list::add);
    for (WrittenPart committed : transport.commit(config, writeId, parts.getKey(), list)) {
      DataStreamMetrics.PARTS_COMMITTED.inc();
      out.output(committed);
    }
  }
}
