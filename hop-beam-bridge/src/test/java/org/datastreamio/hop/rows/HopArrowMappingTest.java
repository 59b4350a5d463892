package org.datastreamio.hop.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.exception.HopValueException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.RowMeta;
import org.apache.hop.core.row.value.ValueMetaBigNumber;
import org.apache.hop.core.row.value.ValueMetaInteger;
import org.apache.hop.core.row.value.ValueMetaSerializable;
import org.apache.hop.core.row.value.ValueMetaString;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class HopArrowMappingTest {

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @Test
  void everyHopTypeRoundTripsExactlyIncludingNullsAcrossBatches() throws Exception {
    IRowMeta meta = AllTypesRows.rowMeta();
    List<Object[]> expected = AllTypesRows.rows(2_000);
    List<Object[]> actual = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("mapping-test");
        HopArrowWriter writer = new HopArrowWriter(meta, allocator)) {
      HopArrowReader reader = new HopArrowReader(writer.schema(), meta, "test");
      for (int start = 0; start < expected.size(); start += 700) {
        for (Object[] row : expected.subList(start, Math.min(expected.size(), start + 700))) {
          writer.append(row);
        }
        VectorSchemaRoot root = writer.finishBatch();
        for (int i = 0; i < root.getRowCount(); i++) {
          actual.add(reader.read(root, i, meta.size() + 3));
        }
        writer.reset();
      }
    }
    assertEquals(expected.size(), actual.size());
    for (int k = 0; k < expected.size(); k++) {
      assertEquals(
          AllTypesRows.canonical(expected.get(k), 9),
          AllTypesRows.canonical(actual.get(k), 9),
          "row " + k);
    }
    // Types restored exactly: a Date stays a Date, a Timestamp a Timestamp, an address an
    // InetAddress.
    Object[] one = actual.get(1);
    assertEquals(java.util.Date.class, one[4].getClass());
    assertEquals(java.sql.Timestamp.class, one[5].getClass());
    assertTrue(one[8] instanceof java.net.InetAddress);
  }

  @Test
  void arrowSchemaRecordsHopTypesAndReadsBackToTheSameLayout() throws Exception {
    IRowMeta meta = AllTypesRows.rowMeta();
    Schema schema = HopArrowWriter.arrowSchema(meta);
    assertEquals(
        "Internet Address", schema.findField("address").getMetadata().get(HopType.HOP_TYPE_KEY));
    assertEquals(
        new ArrowType.Decimal(38, AllTypesRows.BIG_SCALE, 128),
        schema.findField("price").getType());
    IRowMeta back = HopArrowReader.rowMeta(schema);
    assertEquals(meta.size(), back.size());
    for (int i = 0; i < meta.size(); i++) {
      assertEquals(meta.getValueMeta(i).getName(), back.getValueMeta(i).getName());
      assertEquals(meta.getValueMeta(i).getTypeDesc(), back.getValueMeta(i).getTypeDesc());
    }
  }

  @Test
  void fieldLayoutMismatchNamesEveryProblem() {
    RowMeta wanted = new RowMeta();
    wanted.addValueMeta(new ValueMetaString("id"));
    wanted.addValueMeta(new ValueMetaInteger("missing"));
    HopException e =
        assertThrows(
            HopException.class,
            () ->
                new HopArrowReader(
                    HopArrowWriter.arrowSchema(AllTypesRows.rowMeta()), wanted, "Orders"));
    assertTrue(e.getMessage().contains("Data Stream 'Orders'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("field 'id' is String in Hop but Int(64, true)"), e.getMessage());
    assertTrue(e.getMessage().contains("field 'missing' is not in the stream"), e.getMessage());
  }

  @Test
  void unsupportedHopTypeAndTooPreciseDecimalsAreNamed() throws Exception {
    RowMeta serializable = new RowMeta();
    serializable.addValueMeta(new ValueMetaSerializable("blob"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HopArrowWriter.arrowSchema(serializable));
    assertTrue(e.getMessage().contains("Field 'blob'"), e.getMessage());

    RowMeta decimal = new RowMeta();
    ValueMetaBigNumber price = new ValueMetaBigNumber("price");
    price.setLength(10, 2);
    decimal.addValueMeta(price);
    try (BufferAllocator allocator = ArrowMemory.newChild("decimal-test");
        HopArrowWriter writer = new HopArrowWriter(decimal, allocator)) {
      HopValueException ve =
          assertThrows(
              HopValueException.class, () -> writer.append(new Object[] {new BigDecimal("1.005")}));
      assertTrue(
          ve.getMessage().contains("'price'") && ve.getMessage().contains("1.005"),
          ve.getMessage());
    }
  }
}
