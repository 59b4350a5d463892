package org.datastreamio.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Exact multiset equality for large collections in linear time (hamcrest's containsInAnyOrder is
 * quadratic), with a short report of what is missing and what is extra or duplicated.
 */
public final class Multiset {
  private Multiset() {}

  public static <T> Map<T, Integer> counts(Iterable<T> items) {
    Map<T, Integer> counts = new HashMap<>();
    for (T item : items) {
      counts.merge(item, 1, Integer::sum);
    }
    return counts;
  }

  public static <T> void assertSameMultiset(Iterable<T> expected, Iterable<T> actual) {
    Map<T, Integer> want = counts(expected);
    Map<T, Integer> got = counts(actual);
    if (want.equals(got)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    long missing = 0;
    long extra = 0;
    for (Map.Entry<T, Integer> e : want.entrySet()) {
      int diff = e.getValue() - got.getOrDefault(e.getKey(), 0);
      if (diff > 0) {
        missing += diff;
        if (problems.size() < 5) {
          problems.add("missing " + diff + "x " + e.getKey());
        }
      }
    }
    for (Map.Entry<T, Integer> e : got.entrySet()) {
      int diff = e.getValue() - want.getOrDefault(e.getKey(), 0);
      if (diff > 0) {
        extra += diff;
        if (problems.size() < 10) {
          problems.add("extra " + diff + "x " + e.getKey());
        }
      }
    }
    fail(
        "Multisets differ: "
            + missing
            + " missing, "
            + extra
            + " extra (duplicates or unexpected). Examples:\n  "
            + String.join("\n  ", problems));
  }

  /** For {@code PAssert.that(pc).satisfies(Multiset.equalTo(expected))}. */
  public static <T extends Serializable> SerializableFunction<Iterable<T>, Void> equalTo(
      List<T> expected) {
    ArrayList<T> copy = new ArrayList<>(expected);
    return actual -> {
      assertSameMultiset(copy, actual);
      return null;
    };
  }
}
