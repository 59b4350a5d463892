package org.datastreamio.cli;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.beam.ArrowBatch;

/**
 * The demo's check of what a read leg received, cheap enough not to be what the leg's time
 * measures: the row count, the sum and the sum of squares of the ids, and the sum of a 64-bit mix
 * of each row's id and values. The sums do not depend on arrival order, but a lost, duplicated or
 * changed row, or a value moved to another row, changes them. A reader accumulates in its DoFn and
 * adds to the metric counters once per bundle (wrapping sums, which the runner adds in any order).
 */
final class DemoDigest {
  private static final String NS = "datastream-demo";
  private static final Counter ROWS = Metrics.counter(NS, "rows");
  private static final Counter ID_SUM = Metrics.counter(NS, "idSum");
  private static final Counter ID_SQUARES = Metrics.counter(NS, "idSquares");
  private static final Counter DIGEST = Metrics.counter(NS, "digest");

  private long rows;
  private long idSum;
  private long idSquares;
  private long digest;

  /** Adds one row, given its id and a hash of its values. */
  void add(long id, long valuesHash) {
    rows++;
    idSum += id;
    idSquares += id * id;
    digest += mix(mix(id) ^ valuesHash);
  }

  /** Adds every row of a Beam Row reader's row. */
  void add(Row row) {
    add(row.getInt64("id"), hashValues(row));
  }

  /**
   * Adds every row of a demo batch: its id column and the hash of every column's cell (Arrow's
   * own).
   */
  void add(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    BigIntVector ids = (BigIntVector) root.getVector("id");
    for (int i = 0; i < root.getRowCount(); i++) {
      long h = 0;
      for (FieldVector v : vectors) {
        h = mix(h + v.hashCode(i));
      }
      add(ids.get(i), h);
    }
  }

  /** Rows, id sum, id squares, digest: for tests. */
  long[] snapshot() {
    return new long[] {rows, idSum, idSquares, digest};
  }

  /** Publishes what was added since the last flush to the pipeline's counters. */
  void flush() {
    ROWS.inc(rows);
    ID_SUM.inc(idSum);
    ID_SQUARES.inc(idSquares);
    DIGEST.inc(digest);
    rows = idSum = idSquares = digest = 0;
  }

  /**
   * The verdict on a finished read: null when its counters match {@code expected} (the same digest
   * taken over what was written), else what is wrong.
   */
  static String verdict(PipelineResult result, DemoDigest expected) {
    long got = counter(result, "rows");
    if (got != expected.rows) {
      return "read " + got + " rows, expected " + expected.rows;
    }
    if (counter(result, "idSum") != expected.idSum
        || counter(result, "idSquares") != expected.idSquares) {
      return "the ids read are not 0.."
          + (expected.rows - 1)
          + " exactly once (duplicates and losses)";
    }
    if (counter(result, "digest") != expected.digest) {
      return "the right ids arrived, but some values differ from what was written";
    }
    return null;
  }

  /** The digest of {@link DemoRows} 0..n-1 as Beam Rows. */
  static DemoDigest ofRows(long n) {
    DemoDigest d = new DemoDigest();
    for (long i = 0; i < n; i++) {
      d.add(DemoRows.row(i));
    }
    return d;
  }

  /** The digest of batches as written, for a columnar read of them. */
  static DemoDigest ofBatches(Iterable<ArrowBatch> batches, BufferAllocator allocator) {
    DemoDigest d = new DemoDigest();
    for (ArrowBatch batch : batches) {
      try (VectorSchemaRoot root = batch.open(allocator)) {
        d.add(root);
      }
    }
    return d;
  }

  /** A hash of a row's values, nested rows and lists included, in field order. */
  private static long hashValues(Row row) {
    long h = 0;
    for (Object v : row.getValues()) {
      h = mix(h + hashValue(v));
    }
    return h;
  }

  private static long hashValue(Object v) {
    if (v == null) {
      return 0x5bd1e995L;
    }
    if (v instanceof Row) {
      return hashValues((Row) v);
    }
    if (v instanceof Iterable) {
      long h = 1;
      for (Object e : (Iterable<?>) v) {
        h = mix(h + hashValue(e));
      }
      return h;
    }
    if (v instanceof byte[]) {
      return Arrays.hashCode((byte[]) v);
    }
    return v.hashCode();
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static long counter(PipelineResult result, String name) {
    return PipelineRun.sum(result, MetricNameFilter.named(NS, name));
  }
}
