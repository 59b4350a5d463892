package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.cli.bench.BenchData;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's digest takes no notice of arrival order, and notices a value moved between rows. */
@ExtendWith(ArrowLeakCheck.class)
class DemoDigestTest {
  @Test
  void rowsInAnyOrderGiveTheDigestOfTheWrittenRows() {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(DemoRows.row(i));
    }
    Collections.shuffle(rows, new java.util.Random(7));
    assertArrayEquals(fields(DemoDigest.ofRows(1000)), fields(digest(rows)));
  }

  @Test
  void aValueSwappedBetweenTwoRowsChangesTheDigestButNotTheIdSums() {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(DemoRows.row(i));
    }
    // Rows 10 and 11 exchange their customers: same ids, same multiset of values.
    Row a = rows.get(10);
    Row b = rows.get(11);
    rows.set(10, Row.fromRow(a).withFieldValue("customer", b.getString("customer")).build());
    rows.set(11, Row.fromRow(b).withFieldValue("customer", a.getString("customer")).build());
    long[] expected = fields(DemoDigest.ofRows(1000));
    long[] got = fields(digest(rows));
    assertEquals(expected[0], got[0]);
    assertEquals(expected[1], got[1]);
    assertEquals(expected[2], got[2]);
    assertNotEquals(expected[3], got[3]);
  }

  @Test
  void batchDigestIsTheSameForTheSameBatchesInAnotherOrderAndChangesWithOneMissing() {
    try (BenchData data = new BenchData(1000, 100);
        BufferAllocator allocator = ArrowMemory.newChild("digest-test")) {
      List<org.datastreamio.beam.ArrowBatch> reversed = new ArrayList<>(data.beamBatches);
      Collections.reverse(reversed);
      assertArrayEquals(
          fields(DemoDigest.ofBatches(data.beamBatches, allocator)),
          fields(DemoDigest.ofBatches(reversed, allocator)));
      assertNotEquals(
          fields(DemoDigest.ofBatches(data.beamBatches, allocator))[3],
          fields(DemoDigest.ofBatches(reversed.subList(1, reversed.size()), allocator))[3]);
    }
  }

  private static DemoDigest digest(List<Row> rows) {
    DemoDigest d = new DemoDigest();
    rows.forEach(d::add);
    return d;
  }

  private static long[] fields(DemoDigest d) {
    return d.snapshot();
  }
}
