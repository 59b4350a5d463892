package org.datastreamio.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.SchemaConverter;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.joda.time.Duration;

/**
 * The last step of a bounded write to a transport that {@link Transport#announcesEndOfWrite
 * announces its end}: gathers every part of the write, from every window, into one list that is
 * produced once, when all bundles are done, and hands it to {@link Transport#endOfWrite}. An
 * unbounded write never ends, so it has no such step.
 *
 * <p>The list is produced even when the write had no rows (a global combine's default): the step
 * then writes one part without batches first, its schema only, so that a reader waiting for the
 * write's end hears of it (a listening socket read learns whom to tell only from the streams it
 * acknowledged).
 */
final class AnnounceEndOfWrite extends PTransform<PCollection<WrittenPart>, PDone> {
  private final StreamConfig config;
  private final String writeId;
  private final @Nullable Schema rowSchema;

  /**
   * {@code rowSchema}: the rows' schema, for the part an empty write sends; null for a write of
   * Arrow batches, whose empty part has no fields.
   */
  AnnounceEndOfWrite(StreamConfig config, String writeId, @Nullable Schema rowSchema) {
    this.config = config;
    this.writeId = writeId;
    this.rowSchema = rowSchema;
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
        .apply("GatherParts", Combine.globally(new GatherParts()))
        .setCoder(ListCoder.of(WrittenPartCoder.of()))
        .apply("EndOfWrite", ParDo.of(new EndOfWriteFn(config, writeId, rowSchema)));
    return PDone.in(parts.getPipeline());
  }

  /** Every part of the write in one list; an empty list when there were none. */
  private static final class GatherParts
      extends Combine.CombineFn<WrittenPart, List<WrittenPart>, List<WrittenPart>> {
    @Override
    public List<WrittenPart> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<WrittenPart> addInput(List<WrittenPart> parts, WrittenPart part) {
      parts.add(part);
      return parts;
    }

    @Override
    public List<WrittenPart> mergeAccumulators(Iterable<List<WrittenPart>> lists) {
      List<WrittenPart> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return all;
    }

    @Override
    public List<WrittenPart> extractOutput(List<WrittenPart> parts) {
      return parts;
    }

    @Override
    public Coder<List<WrittenPart>> getAccumulatorCoder(
        CoderRegistry registry, Coder<WrittenPart> inputCoder) {
      return ListCoder.of(WrittenPartCoder.of());
    }
  }

  private static final class EndOfWriteFn extends DoFn<List<WrittenPart>, Void> {
    private final StreamConfig config;
    private final String writeId;
    private final @Nullable Schema rowSchema;
    private transient Transport transport;

    EndOfWriteFn(StreamConfig config, String writeId, @Nullable Schema rowSchema) {
      this.config = config;
      this.writeId = writeId;
      this.rowSchema = rowSchema;
    }

    @Setup
    public void setup() {
      transport = Transports.forConfig(config);
    }

    @ProcessElement
    public void processElement(@Element List<WrittenPart> parts) {
      transport.endOfWrite(config, writeId, parts.isEmpty() ? List.of(emptyPart()) : parts);
    }

    /** Writes (and commits, where the transport needs it) one part of no batches. */
    private WrittenPart emptyPart() {
      org.apache.arrow.vector.types.pojo.Schema schema =
          rowSchema == null
              ? new org.apache.arrow.vector.types.pojo.Schema(List.of())
              : SchemaConverter.toArrow(rowSchema);
      try (BufferAllocator allocator = ArrowMemory.newChild("datastream-empty-write")) {
        WrittenPart part;
        try (BatchSink sink =
            transport.openSink(
                config,
                SinkContext.of(writeId, "empty-" + UUID.randomUUID(), ""),
                schema,
                allocator)) {
          part = sink.finish();
        }
        if (transport.requiresCommit(config)) {
          return transport.commit(config, writeId, "", List.of(part)).get(0);
        }
        return part;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "The write "
                + writeId
                + " to "
                + config.location()
                + " had no rows; sending its readers a stream without batches, so that they hear"
                + " of its end, failed: "
                + e.getMessage(),
            e);
      }
    }
  }
}
