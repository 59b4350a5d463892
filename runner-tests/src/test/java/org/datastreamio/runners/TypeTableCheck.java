package org.datastreamio.runners;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.testing.TypeTable;

/**
 * Checks that a PCollection is exactly the multiset {@code TypeTable.row(0 .. n-1)} without
 * shipping the expected rows to the workers: every row must equal {@code TypeTable.row(id)} for its
 * own id (checked where it is read), and the multiset of ids must be exactly {@code 0 .. n-1}, each
 * once (or, for at-least-once delivery, each at least once). Since {@code row(i)} has id {@code i},
 * the two together are exact multiset equality of the rows.
 */
final class TypeTableCheck {
  private TypeTableCheck() {}

  static PCollection<Row> rows(Pipeline p, long count) {
    return p.apply("Ids", GenerateSequence.from(0).to(count))
        .apply("TypeTable", MapElements.into(TypeDescriptors.rows()).via(TypeTable::row))
        .setRowSchema(TypeTable.SCHEMA);
  }

  /** Every row is once in {@code rows}: nothing missing, nothing extra, no duplicate. */
  static void assertExactlyOnce(PCollection<Row> rows, long count) {
    PAssert.that(ids(rows)).satisfies(new IdsCheck(count, 1, 0));
  }

  /** Every row is in {@code rows} at least once; duplicates of expected rows are allowed. */
  static void assertAtLeastOnce(PCollection<Row> rows, long count) {
    assertAtLeastOnce(rows, count, Integer.MAX_VALUE);
  }

  /**
   * Every row is in {@code rows} at least once and at most {@code maxCopies} times (say, once per
   * attempt of the bundle that wrote it).
   */
  static void assertAtLeastOnce(PCollection<Row> rows, long count, int maxCopies) {
    PAssert.that(ids(rows)).satisfies(new IdsCheck(count, maxCopies, 0));
  }

  /**
   * As {@link #assertAtLeastOnce(PCollection, long, int)}, and some row came more than once: the
   * proof that an attempt that failed had delivered rows.
   */
  static void assertAtLeastOnceWithDuplicates(PCollection<Row> rows, long count, int maxCopies) {
    PAssert.that(ids(rows)).satisfies(new IdsCheck(count, maxCopies, 1));
  }

  private static PCollection<Long> ids(PCollection<Row> rows) {
    return rows.apply("MatchTypeTable", ParDo.of(new MatchFn()));
  }

  /** Fails the bundle (naming the row) when a row differs from the table's row of the same id. */
  static final class MatchFn extends DoFn<Row, Long> {
    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Long> out) {
      long id = row.getInt64("id");
      Row want = TypeTable.row(id);
      if (!want.equals(row)) {
        throw new AssertionError(
            "Row with id "
                + id
                + " differs from TypeTable.row("
                + id
                + "):\n got  "
                + row
                + "\n want "
                + want);
      }
      out.output(id);
    }
  }

  static final class IdsCheck implements SerializableFunction<Iterable<Long>, Void> {
    private final long count;
    private final int maxCopies;
    private final long minDuplicates;

    IdsCheck(long count, int maxCopies, long minDuplicates) {
      this.count = count;
      this.maxCopies = maxCopies;
      this.minDuplicates = minDuplicates;
    }

    @Override
    public Void apply(Iterable<Long> ids) {
      boolean exactlyOnce = maxCopies == 1;
      int[] copies = new int[(int) count];
      List<String> problems = new ArrayList<>();
      long duplicates = 0;
      for (long id : ids) {
        if (id < 0 || id >= count) {
          problems.add("unexpected id " + id);
          continue;
        }
        int n = ++copies[(int) id];
        if (n > 1) {
          duplicates++;
          if (exactlyOnce && problems.size() < 10) {
            problems.add("duplicate id " + id);
          } else if (n == maxCopies + 1 && problems.size() < 10) {
            problems.add("id " + id + " more than " + maxCopies + " times");
          }
        }
      }
      long missing = 0;
      int first = -1;
      for (int id = 0; id < count; id++) {
        if (copies[id] == 0) {
          missing++;
          first = first < 0 ? id : first;
        }
      }
      if (missing > 0) {
        problems.add(missing + " rows missing, the first with id " + first);
      }
      if (exactlyOnce && duplicates > 0) {
        problems.add(duplicates + " duplicate rows in all");
      }
      if (duplicates < minDuplicates) {
        problems.add(
            "no row came twice, although an attempt that failed should have delivered rows");
      }
      if (!problems.isEmpty()) {
        String wanted =
            exactlyOnce
                ? "exactly once"
                : "at least once"
                    + (maxCopies < Integer.MAX_VALUE ? " and at most " + maxCopies + " times" : "");
        fail(
            "Rows differ from TypeTable.row(0.."
                + (count - 1)
                + ") "
                + wanted
                + ": "
                + String.join("; ", problems.subList(0, Math.min(12, problems.size()))));
      }
      return null;
    }
  }
}
