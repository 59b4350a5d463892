package org.datastreamio.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.metrics.Lineage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.datastreamio.arrow.ArrowMemory;
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
 * bundle, when its {@link WrittenPart} is emitted for the commit step. A bundle that fails aborts its
 * parts (here when this step fails, at the next bundle or at teardown when another step of the
 * stage failed); a retried bundle writes new parts under new ids, and only the successful attempt's parts
 * reach the commit.
 *
 * @param <T> the element type: Rows or {@link ArrowBatch}es
 */
abstract class WritePartsFn<T> extends DoFn<T, WrittenPart> {
  private final StreamConfig config;
  private final String writeId;

  private transient Transport transport;
  private transient BufferAllocator allocator;
  private transient LineageName lineage;
  private transient Map<BoundedWindow, PartWriter<T>> open;

  WritePartsFn(StreamConfig config, String writeId) {
    this.config = config;
    this.writeId = writeId;
  }

  /**
   * Batches elements of one window into a sink, which it opens once the part's Arrow schema is known
   * (on the first element) and closes with the part.
   */
  abstract static class PartWriter<T> implements AutoCloseable {
    final WritePartsFn<?>.PartOpener opener;
    final BufferAllocator allocator;
    BatchSink sink;

    PartWriter(WritePartsFn<?>.PartOpener opener, BufferAllocator allocator) {
      this.opener = opener;
      this.allocator = allocator;
    }

    /** Appends an element; writes full batches to the sink. */
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
    allocator = ArrowMemory.newChild("datastream-write-" + transport.name() + "-" + UUID.randomUUID());
    lineage = transport.lineage(config);
  }

  @StartBundle
  public void startBundle() {
    if (open != null && !open.isEmpty()) {
      // The runner gave up the last bundle without finishing it (another step of the fused stage
      // failed): abort its parts, so a socket reader sees them broken off rather than stalled.
      abortAll();
    }
    // Reported per bundle: runners give a DoFn no metrics container in @Setup (Flink logs an error).
    Lineage.getSinks().add(lineage.system(), lineage.segments());
    open = new HashMap<>();
  }

  @ProcessElement
  public void processElement(@Element T element, BoundedWindow window) throws IOException {
    PartWriter<T> writer = open.get(window);
    if (writer == null) {
      String partId = UUID.randomUUID().toString();
      writer = newPartWriter(new PartOpener(SinkContext.of(writeId, partId, WindowTags.of(window))), allocator);
      open.put(window, writer);
    }
    try {
      writer.add(element);
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
        context.output(part, e.getKey().maxTimestamp(), e.getKey());
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
