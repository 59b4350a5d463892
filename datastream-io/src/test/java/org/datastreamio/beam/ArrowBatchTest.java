package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ArrowBatch built from a root may keep spare room after its IPC stream (large batches are not
 * trimmed): only the stream itself may count for its size, its encoding, equality and hash.
 */
@ExtendWith(ArrowLeakCheck.class)
class ArrowBatchTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 100, 20_000})
  void encodingEqualityAndContentIgnoreSpareRoom(int rows) throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        VectorSchemaRoot root = TestBatches.rows(allocator, 5, rows)) {
      ArrowBatch batch = ArrowBatch.of(root);
      assertEquals(rows, batch.rowCount());

      byte[] encoded = CoderUtils.encodeToByteArray(ArrowBatchCoder.of(), batch);
      ArrowBatch decoded = CoderUtils.decodeFromByteArray(ArrowBatchCoder.of(), encoded);
      assertEquals(batch.sizeBytes(), decoded.sizeBytes());
      assertEquals(batch, decoded);
      assertEquals(batch.hashCode(), decoded.hashCode());
      CoderProperties.coderDecodeEncodeEqual(ArrowBatchCoder.of(), batch);
      CoderProperties.coderDeterministic(ArrowBatchCoder.of(), batch, decoded);
      CoderProperties.testByteCount(
          ArrowBatchCoder.of(), Coder.Context.OUTER, new ArrowBatch[] {batch});

      try (VectorSchemaRoot opened = batch.open(allocator);
          VectorSchemaRoot reopened = decoded.open(allocator)) {
        assertEquals(TestBatches.values(root), TestBatches.values(opened));
        assertEquals(TestBatches.values(root), TestBatches.values(reopened));
      }
    }
  }

  @Test
  void batchesWithOtherRowsDiffer() {
    try (BufferAllocator allocator = ArrowMemory.newChild("test");
        VectorSchemaRoot a = TestBatches.rows(allocator, 0, 500);
        VectorSchemaRoot b = TestBatches.rows(allocator, 1, 500)) {
      assertNotEquals(ArrowBatch.of(a), ArrowBatch.of(b));
      assertEquals(ArrowBatch.of(a), ArrowBatch.of(a));
    }
  }
}
