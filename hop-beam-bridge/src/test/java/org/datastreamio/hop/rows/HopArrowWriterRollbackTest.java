package org.datastreamio.hop.rows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Hop row that fails half-way leaves nothing behind in the batch: whether more rows follow it or
 * it is the batch's last, the batch sent is byte for byte the batch of the good rows alone, and
 * reads back as exactly those rows.
 */
@ExtendWith(ArrowLeakCheck.class)
class HopArrowWriterRollbackTest {
  /**
   * Names a way to spoil a good row, failing at a given field after the fields before it were
   * written.
   */
  record Spoil(String name, String field, UnaryOperator<Object[]> spoil) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Object[] with(Object[] good, int field, Object value) {
    Object[] bad = good.clone();
    bad[field] = value;
    return bad;
  }

  static Stream<Spoil> spoils() {
    return Stream.of(
        new Spoil(
            "BigNumber beyond the field's scale (after a string)",
            "price",
            r -> with(r, 3, new BigDecimal("1.1234567"))),
        new Spoil(
            "BigNumber of more than 38 digits",
            "price",
            r -> with(r, 3, new BigDecimal("1234567890123456789012345678901234.5"))),
        new Spoil(
            "a String in a Boolean field (after string, decimal, dates)",
            "active",
            r -> with(r, 6, "yes")),
        new Spoil(
            "a String in the last field, an Internet Address (after every variable-width field)",
            "address",
            r -> with(r, 8, "10.0.0.1")));
  }

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spoils")
  void aFailedRowLeavesExactlyTheRowsBeforeIt(Spoil spoil) throws Exception {
    IRowMeta meta = AllTypesRows.rowMeta();
    try (BufferAllocator allocator = ArrowMemory.newChild("hop-rollback-test");
        HopArrowWriter mixed = new HopArrowWriter(meta, allocator);
        HopArrowWriter goodOnly = new HopArrowWriter(meta, allocator)) {
      HopArrowReader reader = new HopArrowReader(mixed.schema(), meta, "test");
      for (int round = 0; round < 2; round++) {
        List<Object[]> kept = new ArrayList<>();
        // Rows 1..40 of each round, every 7th spoiled, and the round's last row spoiled too; the
        // good
        // rows have nulls in every field here and there (AllTypesRows), also right after a spoiled
        // row.
        for (long k = round * 100 + 1; k <= round * 100 + 40; k++) {
          Object[] good = AllTypesRows.row(k);
          if (k % 7 == 0 || k == round * 100 + 40) {
            Object[] bad = spoil.spoil.apply(good);
            HopValueFitException e =
                assertThrows(HopValueFitException.class, () -> mixed.append(bad), spoil.name);
            assertEquals(spoil.field, e.fieldName());
            assertTrue(
                e.getMessage().contains("Cannot write field '" + spoil.field + "'"),
                e.getMessage());
          } else {
            mixed.append(good);
            goodOnly.append(good);
            kept.add(good);
          }
        }
        assertEquals(kept.size(), mixed.rowCount());
        VectorSchemaRoot batch = mixed.finishBatch();
        List<String> back = new ArrayList<>();
        for (int i = 0; i < batch.getRowCount(); i++) {
          back.add(AllTypesRows.canonical(reader.read(batch, i, meta.size()), meta.size()));
        }
        List<String> expected = new ArrayList<>();
        for (Object[] row : kept) {
          expected.add(AllTypesRows.canonical(row, meta.size()));
        }
        assertEquals(expected, back, "round " + round + ": exactly the good rows, value for value");
        assertArrayEquals(
            ipc(goodOnly.finishBatch()),
            ipc(batch),
            "round " + round + ": the batch is byte for byte the good rows' batch");
        mixed.reset();
        goodOnly.reset();
      }
    }
  }

  /** The batch as an Arrow IPC stream: every buffer as it would be sent. */
  private static byte[] ipc(VectorSchemaRoot root) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return out.toByteArray();
  }
}
