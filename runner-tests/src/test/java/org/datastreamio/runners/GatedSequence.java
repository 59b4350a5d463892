package org.datastreamio.runners;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * An unbounded, rate-limited sequence 0..count-1 whose watermark follows the wall clock, so windows
 * complete while the pipeline runs, and which ends (watermark to the end of time) only once its
 * gate is opened or {@code maxHold} after its last element, so a test can watch a streaming sink
 * before the pipeline is allowed to finish.
 *
 * <p>{@code GenerateSequence.to(n).withRate(...)} is not that: a bounded end makes it a bounded
 * read of an unbounded source, whose watermark may not advance until the read ends, so every window
 * can fire at the very end. The gate lives in a static map, so it works with runners that run in
 * this JVM.
 */
final class GatedSequence extends UnboundedSource<Long, GatedSequence.Position> {
  private static final Map<String, Boolean> OPEN = new ConcurrentHashMap<>();

  private final String gate;
  private final long count;
  private final long perSecond;
  private final long maxHoldMillis;

  private GatedSequence(String gate, long count, long perSecond, long maxHoldMillis) {
    this.gate = gate;
    this.count = count;
    this.perSecond = perSecond;
    this.maxHoldMillis = maxHoldMillis;
  }

  /** A closed gate's sequence; call {@link #open()} to let the pipeline finish. */
  static GatedSequence of(long count, long perSecond, long maxHold, TimeUnit unit) {
    String gate = UUID.randomUUID().toString();
    OPEN.put(gate, false);
    return new GatedSequence(gate, count, perSecond, unit.toMillis(maxHold));
  }

  /**
   * Lets the sequence end once its last element is out; forgets the gate (an unknown gate is open).
   */
  void open() {
    OPEN.remove(gate);
  }

  private boolean isOpen() {
    return OPEN.getOrDefault(gate, true);
  }

  @Override
  public List<GatedSequence> split(int desiredNumSplits, PipelineOptions options) {
    return List.of(this); // one reader keeps the sequence in order and the rate exact
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, Position checkpoint) {
    return new Reader(
        checkpoint == null ? new Position(0, System.currentTimeMillis()) : checkpoint);
  }

  @Override
  public Coder<Position> getCheckpointMarkCoder() {
    return SerializableCoder.of(Position.class);
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  /** Where a reader resumes: the next value and when the sequence started (to keep its rate). */
  record Position(long next, long startMillis)
      implements UnboundedSource.CheckpointMark, Serializable {
    @Override
    public void finalizeCheckpoint() {}
  }

  private final class Reader extends UnboundedReader<Long> {
    private final long startMillis;
    private long next;
    private long current = -1;
    private Instant currentTimestamp;

    Reader(Position from) {
      this.startMillis = from.startMillis();
      this.next = from.next();
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      long now = System.currentTimeMillis();
      if (next >= count || now < startMillis + next * 1000 / perSecond) {
        return false;
      }
      current = next++;
      currentTimestamp = new Instant(now);
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current < 0) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current < 0) {
        throw new NoSuchElementException();
      }
      return currentTimestamp;
    }

    @Override
    public Instant getWatermark() {
      boolean done = next >= count;
      long lastDue = startMillis + (count - 1) * 1000 / perSecond;
      if (done && (isOpen() || System.currentTimeMillis() > lastDue + maxHoldMillis)) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      // Every later element is stamped with the clock at its emission, so none is late.
      return new Instant(System.currentTimeMillis() - 1);
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return new Position(next, startMillis);
    }

    @Override
    public GatedSequence getCurrentSource() {
      return GatedSequence.this;
    }

    @Override
    public void close() {}
  }
}
