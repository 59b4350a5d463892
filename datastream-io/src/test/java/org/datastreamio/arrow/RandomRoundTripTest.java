package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Row -> Arrow -> Row over seeded random schemas and values. Several batches go through the same
 * RowToArrow and the same root; rows read from earlier batches must still equal their originals
 * after later batches overwrote the buffers.
 */
@ExtendWith(ArrowLeakCheck.class)
class RandomRoundTripTest {
  private static final int CASES = 400;

  @Test
  void randomSchemasAndValuesRoundTrip() {
    long base = Long.getLong("roundtrip.seed", 20261122L);
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      try {
        roundTrip(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "Round trip failed for seed "
                + seed
                + " (rerun with -Droundtrip.seed="
                + seed
                + "): "
                + e,
            e);
      }
    }
  }

  /**
   * Batches far past the vectors' initial capacity, so every buffer (validity, offsets, data,
   * children) grows.
   */
  @Test
  void largeNestedBatchesGrowEveryBuffer() {
    for (long seed = 7; seed < 12; seed++) {
      RandomBeam random = new RandomBeam(seed);
      Schema schema = random.schema(6, 3);
      List<Row> expected = new ArrayList<>();
      List<Row> actual = new ArrayList<>();
      try (BufferAllocator allocator = ArrowMemory.newChild("large-batches");
          RowToArrow writer = new RowToArrow(schema, allocator)) {
        ArrowToRow reader = new ArrowToRow(schema, writer.root().getSchema());
        for (int batch = 0; batch < 2; batch++) {
          for (int i = 0; i < 12_000; i++) {
            Row row = random.row(schema);
            expected.add(row);
            writer.append(row);
          }
          reader.convert(writer.finishBatch(), actual::add);
          writer.reset();
        }
      }
      assertEquals(expected, actual, "seed " + seed + ", schema " + schema);
    }
  }

  private static void roundTrip(long seed) {
    RandomBeam random = new RandomBeam(seed);
    Schema schema = random.schema(1 + (int) (seed % 7), 3);
    assertEquals(
        schema, SchemaConverter.toBeam(SchemaConverter.toArrow(schema)), "schema round trip");
    List<Row> expected = new ArrayList<>();
    List<Row> actual = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("round-trip");
        RowToArrow writer = new RowToArrow(schema, allocator)) {
      ArrowToRow reader = new ArrowToRow(schema, writer.root().getSchema());
      for (int batch = 0; batch < 3; batch++) {
        int rows = batch == 1 ? 0 : 1 + (int) (Math.abs(seed * 31 + batch) % 40);
        long lastBytes = -1;
        for (int i = 0; i < rows; i++) {
          Row row = random.row(schema);
          expected.add(row);
          writer.append(row);
          if (writer.estimatedBytes() <= lastBytes) {
            fail("estimatedBytes did not grow: " + lastBytes + " then " + writer.estimatedBytes());
          }
          lastBytes = writer.estimatedBytes();
        }
        assertEquals(rows, writer.rowCount());
        writer.finishBatch();
        assertEquals(rows, writer.root().getRowCount());
        reader.convert(writer.root(), actual::add);
        writer.reset();
        assertEquals(0, writer.rowCount());
        assertEquals(0, writer.estimatedBytes());
      }
    }
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "row " + i + " of schema " + schema);
    }
  }
}
