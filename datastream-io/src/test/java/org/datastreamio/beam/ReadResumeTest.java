package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read interrupted by a checkpoint (as a runner takes them) and resumed from its residual
 * restriction neither loses nor repeats a batch; a read whose DoFn is torn down stops at its next
 * batch. Drives the splittable DoFn's methods the way a runner does.
 */
@ExtendWith(ArrowLeakCheck.class)
class ReadResumeTest {
  @TempDir Path dir;

  private PartitionRef writeFile(String format, int batches) throws Exception {
    StreamConfig config = StreamConfig.parse("file://" + dir + "?format=" + format);
    Transport t = Transports.forConfig(config);
    try (BufferAllocator allocator = ArrowMemory.newChild("writer");
        VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      try (BatchSink sink =
          t.openSink(config, SinkContext.of("w", "p", ""), TestBatches.SCHEMA, allocator)) {
        for (int b = 0; b < batches; b++) {
          TestBatches.fill(root, b * 10L, 10);
          sink.write(root);
        }
        t.commit(config, "w", "", List.of(sink.finish()));
      }
      List<Partition> parts = t.listPartitions(config, allocator);
      assertEquals(1, parts.size());
      return new PartitionRef(config, parts.get(0));
    }
  }

  /**
   * Collects outputs and, after {@code checkpointAfter} of them, checkpoints like a runner would.
   */
  private static final class CheckpointingReceiver implements Consumer<ArrowBatch> {
    final List<ArrowBatch> outputs = new ArrayList<>();
    final BatchRangeTracker tracker;
    final int checkpointAfter;
    SplitResult<OffsetRange> split;

    CheckpointingReceiver(BatchRangeTracker tracker, int checkpointAfter) {
      this.tracker = tracker;
      this.checkpointAfter = checkpointAfter;
    }

    @Override
    public void accept(ArrowBatch output) {
      outputs.add(output);
      if (outputs.size() == checkpointAfter && split == null) {
        split = tracker.trySplit(0);
      }
    }
  }

  private static Map<String, Integer> rows(List<ArrowBatch> batches) {
    Map<String, Integer> counts = new HashMap<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("check")) {
      for (ArrowBatch b : batches) {
        try (VectorSchemaRoot root = b.open(allocator)) {
          for (List<Object> row : TestBatches.values(root)) {
            counts.merge(row.toString(), 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }

  @Test
  void fileFormatReadResumesAtTheNextUnclaimedBatch() throws Exception {
    PartitionRef ref = writeFile("file", 25);
    ReadPartitionFn fn = new ReadPartitionFn(null);
    fn.setup();
    try {
      List<ArrowBatch> all = new ArrayList<>();
      OffsetRange restriction = fn.initialRestriction(ref);
      assertEquals(new OffsetRange(0, 25), restriction);
      int rounds = 0;
      while (restriction != null) {
        BatchRangeTracker tracker = fn.newTracker(ref, restriction);
        CheckpointingReceiver out = new CheckpointingReceiver(tracker, 7);
        fn.read(ref, tracker, out);
        tracker.checkDone();
        all.addAll(out.outputs);
        restriction = out.split == null ? null : out.split.getResidual();
        rounds++;
      }
      assertEquals(4, rounds, "7 + 7 + 7 + 4 batches");
      Map<String, Integer> expected = new HashMap<>();
      for (long v = 0; v < 250; v++) {
        expected.put(TestBatches.expected(v).toString(), 1);
      }
      assertEquals(expected, rows(all));
    } finally {
      fn.teardown();
    }
  }

  @Test
  void aPartOfAManyPartStreamGetsItsShareOfTheStreamsRangesNotSixteen() throws Exception {
    PartitionRef ref = writeFile("file", 25);
    // One of eight such parts: 200 batches in the stream, so this part's share of 16 ranges is 2.
    List<OffsetRange> pieces =
        ReadPartitionFn.initialSplits(ref.partition(), new OffsetRange(0, 25), 200, 0);
    assertEquals(List.of(new OffsetRange(0, 12), new OffsetRange(12, 25)), pieces);
    // A stream too small to split keeps each part whole.
    assertEquals(
        List.of(new OffsetRange(0, 25)),
        ReadPartitionFn.initialSplits(
            ref.partition(), new OffsetRange(0, 25), ReadPartitionFn.MIN_BATCHES_TO_SPLIT - 1, 0));
  }

  @Test
  void theSharesOfAManyPartStreamAddUpToSixteenRangesNotTwiceThat() throws Exception {
    PartitionRef ref = writeFile("file", 25);
    // The 1,000,000-row demo stream as the Direct runner writes it: fifteen parts of 4 batches and
    // one of 2. Rounding each part's share up (16 x 4 / 62 = 1.03) gave 31 ranges, each a DoGet.
    List<Long> parts = new ArrayList<>(Collections.nCopies(15, 4L));
    parts.add(2L);
    assertEquals(17, rangesOf(ref, parts), "16 cuts, and one range for the part that has none");
    // Uneven parts: every part is read, and the ranges are its share of 16, at least one each.
    assertEquals(19, rangesOf(ref, List.of(7L, 1L, 1L, 9L, 3L, 2L, 5L, 1L, 1L, 1L)));
  }

  /** All ranges of a stream of such parts, each checked to cover its part exactly once. */
  private static int rangesOf(PartitionRef ref, List<Long> parts) {
    long stream = parts.stream().mapToLong(Long::longValue).sum();
    long before = 0;
    int ranges = 0;
    for (long batches : parts) {
      List<OffsetRange> pieces =
          ReadPartitionFn.initialSplits(
              ref.partition(), new OffsetRange(0, batches), stream, before);
      long next = 0;
      for (OffsetRange r : pieces) {
        assertEquals(next, r.getFrom());
        assertTrue(r.getTo() > r.getFrom());
        next = r.getTo();
      }
      assertEquals(batches, next);
      ranges += pieces.size();
      before += batches;
    }
    return ranges;
  }

  @Test
  void initialSplitsCoverTheFileExactlyOnce() throws Exception {
    PartitionRef ref = writeFile("file", 25);
    List<OffsetRange> pieces =
        ReadPartitionFn.initialSplits(ref.partition(), new OffsetRange(0, 25));
    assertTrue(pieces.size() >= ReadPartitionFn.MIN_SPLITS, pieces.toString());
    long next = 0;
    for (OffsetRange r : pieces) {
      assertEquals(next, r.getFrom());
      assertTrue(r.getTo() > r.getFrom());
      next = r.getTo();
    }
    assertEquals(25, next);
  }

  @Test
  void aReadTornDownFromAnotherThreadStopsAtItsNextBatch() throws Exception {
    PartitionRef ref = writeFile("file", 25);
    ReadPartitionFn fn = new ReadPartitionFn(null);
    fn.setup();
    // As the Direct runner cancels a pipeline: teardown from another thread while the read runs.
    Thread teardown = new Thread(fn::teardown, "teardown");
    List<ArrowBatch> outputs = new ArrayList<>();
    BatchRangeTracker tracker = fn.newTracker(ref, fn.initialRestriction(ref));
    InterruptedIOException e =
        assertThrows(
            InterruptedIOException.class,
            () ->
                fn.read(
                    ref,
                    tracker,
                    batch -> {
                      outputs.add(batch);
                      if (outputs.size() == 1) {
                        teardown.start();
                        awaitWaiting(teardown);
                      }
                    }));
    teardown.join(60_000);
    assertFalse(teardown.isAlive(), "teardown ended once the read had stopped");
    assertEquals(1, outputs.size(), "batches read after the teardown began");
    assertTrue(
        e.getMessage().contains("at batch 1 was cancelled (its pipeline was cancelled)"),
        e.getMessage());
  }

  /** Waits until {@code t} waits for the read to end (teardown's timed wait), bounded. */
  private static void awaitWaiting(Thread t) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (t.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("teardown did not start waiting: " + t.getState());
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void streamFilesAreNeverSplit() throws Exception {
    PartitionRef ref = writeFile("stream", 5);
    ReadPartitionFn fn = new ReadPartitionFn(null);
    fn.setup();
    try {
      OffsetRange restriction = fn.initialRestriction(ref);
      assertEquals(Long.MAX_VALUE, restriction.getTo());
      BatchRangeTracker tracker = fn.newTracker(ref, restriction);
      CheckpointingReceiver out = new CheckpointingReceiver(tracker, 2);
      fn.read(ref, tracker, out);
      tracker.checkDone();
      assertNull(out.split, "a stream file refuses checkpoints");
      assertEquals(5, out.outputs.size());
      assertFalse(ref.partition().isSplittable());
    } finally {
      fn.teardown();
    }
  }
}
