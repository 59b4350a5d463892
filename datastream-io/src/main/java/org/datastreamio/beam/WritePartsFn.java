package org.datastreamio.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.Lineage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.errorhandling.BadRecordRouter;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.ValueFitException;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.LineageName;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;

/**
 * Writes each bundle's elements, per window, as one part of the stream: the sink opens on the
 * bundle's first element, batches flush as they fill, and the part completes at the end of the
 * bundle, when its {@link WrittenPart} is emitted for the commit step. A bundle that fails aborts
 * its parts (here when this step fails, at the next bundle or at teardown when another step of the
 * stage failed); a retried bundle writes new parts under new ids, and only the successful attempt's
 * parts reach the commit.
 *
 * @param <T> the element type: Rows or {@link ArrowBatch}es
 */
abstract class WritePartsFn<T> extends DoFn<T, WrittenPart> {
  /** The main output: one {@link WrittenPart} per part a bundle completed. */
  static final TupleTag<WrittenPart> PARTS = new TupleTag<WrittenPart>("parts") {};

  private final StreamConfig config;
  private final String writeId;

  /**
   * Whether elements that do not fit go to the bad-record output. A flag, not a comparison with
   * {@link BadRecordRouter#THROWING_ROUTER}: the runner works on a deserialized copy of this DoFn,
   * whose router is never that instance.
   */
  private boolean routeBadRecords;

  private @Nullable Coder<T> elementCoder;

  private transient Transport transport;
  private transient BufferAllocator allocator;
  private transient LineageName lineage;
  private transient Map<BoundedWindow, PartWriter<T>> open;

  WritePartsFn(StreamConfig config, String writeId) {
    this.config = config;
    this.writeId = writeId;
  }

  /**
   * Elements that do not fit the stream's Arrow schema go to {@link BadRecordRouter#BAD_RECORD_TAG}
   * (encoded with {@code coder}) instead of failing the bundle.
   */
  WritePartsFn<T> routingBadRecords(Coder<T> coder) {
    this.routeBadRecords = true;
    this.elementCoder = coder;
    return this;
  }

  /**
   * Batches elements of one window into a sink, which it opens once the part's Arrow schema is
   * known (on the first element) and closes with the part.
   */
  abstract static class PartWriter<T> implements AutoCloseable {
    final WritePartsFn<?>.PartOpener opener;
    final BufferAllocator allocator;
    BatchSink sink;

    PartWriter(WritePartsFn<?>.PartOpener opener, BufferAllocator allocator) {
      this.opener = opener;
      this.allocator = allocator;
    }

    /**
     * Appends an element; writes full batches to the sink. When it throws {@link ValueFitException}
     * nothing of the element was kept: the part holds exactly the elements before it.
     */
    abstract void add(T element) throws IOException;

    /** Writes what is still buffered; the sink then completes the part. */
    void flushRemaining() throws IOException {}

    /** Releases what the subclass holds besides the sink. */
    void release() {}

    final WrittenPart finish() throws IOException {
      flushRemaining();
      return sink.finish();
    }

    /** Gives up the part. Must not throw. */
    final void abort() {
      if (sink != null) {
        sink.abort();
      }
    }

    @Override
    public final void close() {
      try {
        if (sink != null) {
          sink.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close " + opener.describe(), e);
      } finally {
        release();
      }
    }
  }

  /** A writer for one window's part; opens nothing until the first element arrives. */
  abstract PartWriter<T> newPartWriter(PartOpener opener, BufferAllocator allocator);

  /** Opens the sink once the part's Arrow schema is known. */
  final class PartOpener {
    private final SinkContext context;

    private PartOpener(SinkContext context) {
      this.context = context;
    }

    BatchSink open(Schema schema) throws IOException {
      return transport.openSink(config, context, schema, allocator);
    }

    StreamConfig config() {
      return config;
    }

    String describe() {
      return "part " + context.partId() + " of " + config.location();
    }
  }

  @Setup
  public void setup() {
    transport = Transports.forConfig(config);
    allocator =
        ArrowMemory.newChild("datastream-write-" + transport.name() + "-" + UUID.randomUUID());
    lineage = transport.lineage(config);
  }

  @StartBundle
  public void startBundle() {
    if (open != null && !open.isEmpty()) {
      // The runner gave up the last bundle without finishing it (another step of the fused stage
      // failed): abort its parts, so a socket reader sees them broken off rather than stalled.
      abortAll();
    }
    // Reported per bundle: runners give a DoFn no metrics container in @Setup (Flink logs an
    // error).
    Lineage.getSinks().add(lineage.system(), lineage.segments());
    open = new HashMap<>();
  }

  @ProcessElement
  public void processElement(@Element T element, BoundedWindow window, MultiOutputReceiver out)
      throws Exception {
    PartWriter<T> writer = open.get(window);
    if (writer == null) {
      String partId = UUID.randomUUID().toString();
      writer =
          newPartWriter(
              new PartOpener(SinkContext.of(writeId, partId, WindowTags.of(window))), allocator);
      open.put(window, writer);
    }
    try {
      writer.add(element);
    } catch (ValueFitException e) {
      if (!routeBadRecords) {
        abortAll();
        throw e;
      }
      // The writer holds exactly the elements before this one (PartWriter.add's contract): the part
      // goes on.
      DataStreamMetrics.BAD_RECORDS.inc();
      BadRecordRouter.RECORDING_ROUTER.route(
          out,
          element,
          elementCoder,
          e,
          "Element does not fit the Arrow schema of stream " + config.location());
    } catch (IOException | RuntimeException e) {
      abortAll();
      throw e;
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws IOException {
    try {
      for (Map.Entry<BoundedWindow, PartWriter<T>> e : open.entrySet()) {
        WrittenPart part = e.getValue().finish();
        DataStreamMetrics.ROWS_WRITTEN.inc(part.rows());
        DataStreamMetrics.BATCHES_WRITTEN.inc(part.batches());
        DataStreamMetrics.BYTES_WRITTEN.inc(part.bytes());
        context.output(PARTS, part, e.getKey().maxTimestamp(), e.getKey());
      }
    } catch (IOException | RuntimeException e) {
      abortAll();
      throw e;
    }
    closeAll();
  }

  @Teardown
  public void teardown() {
    if (open != null) {
      abortAll();
    }
    if (allocator != null) {
      allocator.close();
      allocator = null;
    }
  }

  private void abortAll() {
    for (PartWriter<T> writer : open.values()) {
      writer.abort();
    }
    closeAll();
  }

  private void closeAll() {
    for (PartWriter<T> writer : open.values()) {
      writer.close();
    }
    open.clear();
  }
}
