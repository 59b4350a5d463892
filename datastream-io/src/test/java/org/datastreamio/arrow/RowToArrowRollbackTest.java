package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A row that fails half-way leaves nothing behind: the batch holds exactly the rows appended before
 * it, whether the failure comes in an early field, after variable-width fields, or inside a list, a
 * map or a nested row, and whether more rows follow it or it is the batch's last.
 */
@ExtendWith(ArrowLeakCheck.class)
class RowToArrowRollbackTest {
  /**
   * Names a way to spoil a good row (values attached unchecked, as a buggy upstream step would).
   */
  record Spoil(String name, Function<Row, Row> spoil) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Row with(Row good, String field, Object value) {
    List<Object> values = new ArrayList<>(good.getValues());
    values.set(good.getSchema().indexOf(field), value);
    return Row.withSchema(good.getSchema()).attachValues(values);
  }

  static Stream<Spoil> spoils() {
    return Stream.of(
        new Spoil(
            "decimal beyond its precision (early field)",
            r -> with(r, "money", new BigDecimal("12345678901234567890.12"))),
        new Spoil(
            "fixed bytes of the wrong length (after strings and bytes)",
            r -> with(r, "fixed", new byte[] {1, 2, 3})),
        new Spoil(
            "null inside a list of non-null values",
            r -> with(r, "counts", Arrays.asList(1L, null, 3L))),
        new Spoil(
            "nested row with a null in a required field",
            r -> {
              Row nested = r.getRow("nested");
              return with(
                  r,
                  "nested",
                  Row.withSchema(nested.getSchema())
                      .attachValues(Arrays.asList(null, nested.getValue(1))));
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spoils")
  void aFailedRowLeavesExactlyTheRowsBeforeIt(Spoil spoil) {
    try (BufferAllocator allocator = ArrowMemory.newChild("rollback-test");
        RowToArrow batcher = new RowToArrow(TypeTable.SCHEMA, allocator)) {
      List<Row> kept = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        // Rows 1..30 of each round, every 7th spoiled, and the round's last row spoiled too.
        for (long i = round * 100 + 1; i <= round * 100 + 30; i++) {
          Row good = TypeTable.row(i);
          if (i % 7 == 0 || i == round * 100 + 30) {
            Row bad = spoil.spoil.apply(good);
            assertThrows(ValueFitException.class, () -> batcher.append(bad), spoil.name);
          } else {
            batcher.append(good);
            kept.add(good);
          }
        }
        assertEquals(kept.size(), batcher.rowCount());
        List<Row> back = new ArrayList<>();
        new ArrowToRow(TypeTable.SCHEMA, batcher.root().getSchema())
            .convert(batcher.finishBatch(), back::add);
        assertEquals(kept, back, "round " + round + ": exactly the good rows, value for value");
        assertTrue(back.size() > 20);
        batcher.reset();
        kept.clear();
      }
    }
  }
}
