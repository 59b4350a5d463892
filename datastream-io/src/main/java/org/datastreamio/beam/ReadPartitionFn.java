package org.datastreamio.beam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.ArrowToRow;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;

/**
 * Reads partitions as a splittable DoFn whose restriction is a range of record-batch indices. The
 * runner can split a large file's range across workers up front, and checkpoint a read after any
 * batch: the residual reopens the partition at the next unclaimed batch, so nothing is lost or
 * repeated.
 *
 * <p>It emits whole batches, never rows: runners checkpoint a splittable DoFn after a number of
 * outputs (the Direct runner after 100), and a checkpoint per few rows would reopen the partition
 * for every batch. {@link BatchesToRowsFn} turns batches into Rows afterwards.
 */
@DoFn.BoundedPerElement
final class ReadPartitionFn extends DoFn<PartitionRef, ArrowBatch> {
  /** Initial splits aim at ranges of about this many bytes. */
  static final long TARGET_SPLIT_BYTES = 16L << 20;

  /**
   * A stream with at least this many batches is split into at least {@link #MIN_SPLITS} ranges in
   * all.
   */
  static final long MIN_BATCHES_TO_SPLIT = 16;

  static final int MIN_SPLITS = 16;

  /** The Beam schema every partition must convert to, or null when batches may have any schema. */
  private final @Nullable Schema expected;

  private transient BufferAllocator allocator;
  private transient Map<StreamConfig, Transport> transports;

  /**
   * The sources being read now. The Direct runner cancels a pipeline by tearing its DoFns down from
   * another thread while they process, without interrupting them: teardown cancels these and waits
   * for their reads to close them before it closes the allocator.
   */
  private transient Set<BatchSource> reading;

  /**
   * Set by teardown; volatile because the read loop checks it between batches without the lock, so
   * that a source with nothing to cancel (a file) stops at the next batch, not at its range's end.
   */
  private transient volatile boolean tornDown;

  ReadPartitionFn(@Nullable Schema expected) {
    this.expected = expected;
  }

  /**
   * Whether the schema check of a row read can wait for the partition's first batch: when the
   * partition has no fields yet and may rightly have no batches (a port of a listening read that
   * its writers sent no stream). Fails, naming the partition, when the source says why it has no
   * fields.
   */
  private boolean checkLater(PartitionRef ref, BatchSource source) {
    if (expected == null || !source.schema().getFields().isEmpty()) {
      return false;
    }
    String whyNoFields = source.whyNoFields();
    if (whyNoFields != null) {
      throw new IllegalArgumentException(
          "Partition "
              + ref
              + " has no fields to match the schema of the read: "
              + whyNoFields
              + "; readBatches() takes a partition without streams as no batches.");
    }
    return true;
  }

  /** Fails, naming the partition, when a row read expects a schema the partition does not have. */
  private void checkSchema(PartitionRef ref, BatchSource source) {
    if (expected == null) {
      return;
    }
    try {
      new ArrowToRow(expected, source.schema(), source.dictionaries());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Partition "
              + ref
              + " does not match the schema of the read: "
              + e.getMessage()
              + "\nAll partitions of one read must share one schema; read them separately,"
              + " or use readBatches() which carries each batch's own schema.",
          e);
    }
  }

  @Setup
  public void setup() {
    allocator = ArrowMemory.newChild("datastream-read-" + UUID.randomUUID());
    transports = new HashMap<>();
    reading = ConcurrentHashMap.newKeySet();
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element PartitionRef ref) {
    return new OffsetRange(ref.fromBatch(), ref.toBatch());
  }

  @SplitRestriction
  public void splitRestriction(
      @Element PartitionRef ref, @Restriction OffsetRange range, OutputReceiver<OffsetRange> out) {
    // ListPartitionsFn already cut the partition into ranges, before they were spread over workers.
    out.output(range);
  }

  /**
   * The splits of a stream's only partition: {@link #initialSplits(Partition, OffsetRange, long,
   * long)} with its batches.
   */
  static List<OffsetRange> initialSplits(Partition p, OffsetRange range) {
    return initialSplits(p, range, range.getTo() - range.getFrom(), 0);
  }

  /**
   * Ranges of about {@link #TARGET_SPLIT_BYTES}, and this partition's share of {@link #MIN_SPLITS}
   * ranges for its whole stream of {@code streamBatches} (when it has {@link #MIN_BATCHES_TO_SPLIT}
   * or more), where {@code batchesBefore} of the stream's splittable batches are in the partitions
   * listed before this one. The minimum is the stream's, not each partition's: a stream written as
   * many parts is already spread by its parts, and every further range is one more request to the
   * endpoint (a DoGet and its set-up, for Flight) for the same bytes. The shares are cut at {@code
   * MIN_SPLITS * batch / streamBatches} over the whole stream, so they add up to exactly {@link
   * #MIN_SPLITS} (rounding each partition's share up gave fifteen four-batch parts and one
   * two-batch part 31 ranges, 16 x 4 / 62 being just over 1); a partition whose share is none is
   * still read, as one range.
   */
  static List<OffsetRange> initialSplits(
      Partition p, OffsetRange range, long streamBatches, long batchesBefore) {
    long batches = range.getTo() - range.getFrom();
    if (!p.isSplittable() || batches <= 1) {
      return List.of(range);
    }
    long pieces = 1;
    if (p.sizeBytes() > 0 && p.batchCount() > 0) {
      double rangeBytes = (double) p.sizeBytes() * batches / p.batchCount();
      pieces = (long) Math.ceil(rangeBytes / TARGET_SPLIT_BYTES);
    }
    if (streamBatches >= MIN_BATCHES_TO_SPLIT) {
      long total = Math.max(streamBatches, batchesBefore + batches);
      long share = cut(batchesBefore + batches, total) - cut(batchesBefore, total);
      pieces = Math.max(pieces, share);
    }
    pieces = Math.max(1, Math.min(pieces, batches));
    List<OffsetRange> out = new ArrayList<>();
    long start = range.getFrom();
    for (long i = 0; i < pieces; i++) {
      long end = range.getFrom() + (batches * (i + 1)) / pieces;
      out.add(new OffsetRange(start, end));
      start = end;
    }
    return out;
  }

  /** How many of the stream's {@link #MIN_SPLITS} cuts fall within its first {@code batch}es. */
  private static long cut(long batch, long streamBatches) {
    return (MIN_SPLITS * batch + streamBatches - 1) / streamBatches;
  }

  @NewTracker
  public BatchRangeTracker newTracker(@Element PartitionRef ref, @Restriction OffsetRange range) {
    return new BatchRangeTracker(range, ref.partition().isSplittable());
  }

  @GetSize
  public double size(@Element PartitionRef ref, @Restriction OffsetRange range) {
    Partition p = ref.partition();
    if (p.sizeBytes() <= 0) {
      return 1;
    }
    if (p.batchCount() <= 0) {
      return p.sizeBytes();
    }
    return (double) p.sizeBytes() * (range.getTo() - range.getFrom()) / p.batchCount();
  }

  @ProcessElement
  public void processElement(
      @Element PartitionRef ref,
      RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<ArrowBatch> out)
      throws IOException {
    read(ref, tracker, out::output);
  }

  /** Reads the tracker's range batch by batch, claiming each batch before emitting it. */
  void read(
      PartitionRef ref, RestrictionTracker<OffsetRange, Long> tracker, Consumer<ArrowBatch> out)
      throws IOException {
    Transport transport = transports.computeIfAbsent(ref.config(), Transports::forConfig);
    long from = tracker.currentRestriction().getFrom();
    long known = ref.partition().batchCount();
    DataStreamMetrics.RESTRICTIONS_READ.inc();
    long until = tracker.currentRestriction().getTo();
    BatchSource opened = null;
    try (BatchSource source =
        transport.openSource(ref.config(), ref.partition(), from, until, allocator)) {
      opened = source;
      watch(source);
      boolean checkLater = checkLater(ref, source);
      if (!checkLater) {
        checkSchema(ref, source);
      }
      long dropped = 0;
      for (long i = from; tracker.tryClaim(i); i++) {
        if (tornDown) {
          throw BatchSource.cancelledError("Reading " + ref + " at batch " + i, null);
        }
        boolean loaded = source.next();
        if (loaded && checkLater) {
          checkSchema(ref, source);
          checkLater = false;
        }
        // Counted here, in the DoFn's thread: a source's own threads have no metrics container.
        long nowDropped = source.droppedStreams();
        DataStreamMetrics.TRUNCATED_STREAMS.inc(nowDropped - dropped);
        dropped = nowDropped;
        if (!loaded) {
          if (known != Partition.UNKNOWN && i < known) {
            throw new IOException(
                "Partition "
                    + ref
                    + " ended after "
                    + i
                    + " batches, but it announced "
                    + known
                    + ". It was changed or truncated while being read.");
          }
          tracker.tryClaim(Long.MAX_VALUE); // marks an open-ended range as done
          return;
        }
        DataStreamMetrics.BATCHES_READ.inc();
        DataStreamMetrics.ROWS_READ.inc(source.root().getRowCount());
        DataStreamMetrics.BYTES_READ.inc(source.batchBytes());
        out.accept(ArrowBatch.of(source.root()));
      }
    } finally {
      if (opened != null) {
        unwatch(opened);
      }
    }
  }

  private synchronized void watch(BatchSource source) {
    reading.add(source);
    if (tornDown) {
      source.cancel();
    }
  }

  private synchronized void unwatch(BatchSource source) {
    reading.remove(source);
    notifyAll();
  }

  @Teardown
  public void teardown() {
    synchronized (this) {
      tornDown = true;
      if (reading != null) {
        reading.forEach(BatchSource::cancel);
        // Bounded: a source that cannot be cancelled is left to its read, and its memory reported.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
          while (!reading.isEmpty() && System.nanoTime() < deadline) {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (allocator != null) {
      allocator.close();
      allocator = null;
    }
  }
}
