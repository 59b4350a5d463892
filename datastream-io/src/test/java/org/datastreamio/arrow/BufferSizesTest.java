package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.holders.NullableBigIntHolder;
import org.apache.arrow.vector.holders.NullableIntHolder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.testing.HostileIpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BufferSizes} through {@link CheckedStreamReader}, against real Arrow IPC bytes: sound
 * streams of every shape the connector reads pass untouched (no false refusal), and batches whose
 * buffers are shorter than their lengths need are refused, naming the column, with nothing left
 * allocated (the allocator fails on close otherwise). {@link CheckedFileReader} runs the same check
 * (ArrowFileTransportTest).
 */
class BufferSizesTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = ArrowMemory.newChild("layout-check", 64 << 20);
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void soundStreamsOfEveryShapePass() throws IOException {
    for (CompressionUtil.CodecType codec :
        new CompressionUtil.CodecType[] {
          CompressionUtil.CodecType.NO_COMPRESSION,
          CompressionUtil.CodecType.ZSTD,
          CompressionUtil.CodecType.LZ4_FRAME
        }) {
      // Rows, every value of every column in their printed form; an empty batch between them.
      List<String> written = new ArrayList<>();
      byte[] stream = soundStream(codec, written);
      assertEquals(written, readAll(stream), codec.name());
    }
  }

  /** Dense unions give one offset per value (not one more, as lists do); they pass. */
  @Test
  void aDenseUnionPasses() throws IOException {
    byte[] stream;
    try (DenseUnionVector union = DenseUnionVector.empty("u", allocator)) {
      union.allocateNew();
      byte ints = union.registerNewTypeId(Field.nullable("i", new ArrowType.Int(32, true)));
      byte longs = union.registerNewTypeId(Field.nullable("l", new ArrowType.Int(64, true)));
      NullableIntHolder intValue = new NullableIntHolder();
      intValue.isSet = 1;
      NullableBigIntHolder longValue = new NullableBigIntHolder();
      longValue.isSet = 1;
      for (int i = 0; i < 10; i++) {
        if (i % 2 == 0) {
          intValue.value = i;
          union.setTypeId(i, ints);
          union.setSafe(i, intValue);
        } else {
          longValue.value = i * 100L;
          union.setTypeId(i, longs);
          union.setSafe(i, longValue);
        }
      }
      union.setValueCount(10);
      try (VectorSchemaRoot root =
          new VectorSchemaRoot(List.of(union.getField()), List.<FieldVector>of(union), 10)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer =
            new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
          writer.start();
          writer.writeBatch();
          writer.end();
        }
        stream = out.toByteArray();
      }
    }
    assertEquals(
        List.of("0|", "100|", "2|", "300|", "4|", "500|", "6|", "700|", "8|", "900|"),
        readAll(stream));
  }

  @Test
  void aColumnShorterThanItsBatchIsRefused() throws IOException {
    // 3 rows, but the id column declares 1 value and 8 bytes.
    assertRefusedWhenRead(
        handWritten(3, new long[] {1, 0}, new long[] {0, 8}, bigints()),
        "column 'id' (node 0) declares 1 values where its batch or parent needs 3");
  }

  @Test
  void valuesBeyondTheirDataBufferAreRefused() throws IOException {
    // 3 values declared, 8 bytes of data: 24 needed.
    assertRefusedWhenRead(
        handWritten(3, new long[] {3, 0}, new long[] {0, 8}, bigints()),
        "holds 8 bytes, fewer than the 24 they need");
  }

  @Test
  void validityBitsShortOfTheValuesAreRefused() throws IOException {
    // 20 values with 1 null need 3 bytes of validity; 1 is sent.
    assertRefusedWhenRead(
        handWritten(20, new long[] {20, 1}, new long[] {1, 160}, bigints()),
        "its validity buffer (buffer 0) holds 1 bytes, fewer than the 3");
  }

  @Test
  void aStringEndingBeyondItsDataIsRefused() throws IOException {
    Schema strings = new Schema(List.of(Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    // offsets 0, 2, 9 for two strings; 4 bytes of data.
    byte[] stream =
        handWritten(
            strings,
            2,
            new long[] {2, 0},
            new byte[][] {new byte[0], ints(0, 2, 9), "abcd".getBytes(StandardCharsets.UTF_8)});
    assertRefusedWhenRead(stream, "column 'name' (node 0) ends at byte 9 of its values");
  }

  @Test
  void aListWhoseOffsetsPassItsValuesIsRefused() throws IOException {
    Schema lists =
        new Schema(
            List.of(
                new Field(
                    "tags",
                    FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(Field.nullable("item", new ArrowType.Int(64, true))))));
    // One list of 5 items, but the child declares 2.
    byte[] stream =
        handWritten(
            lists,
            1,
            new long[] {1, 0, 2, 0},
            new byte[][] {new byte[0], ints(0, 5), new byte[0], new byte[16]});
    assertRefusedWhenRead(
        stream, "column 'item' (node 1) declares 2 values where its batch or parent needs 5");
  }

  @Test
  void aStructChildShorterThanItsParentIsRefused() throws IOException {
    Schema structs =
        new Schema(
            List.of(
                new Field(
                    "address",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(Field.nullable("zip", new ArrowType.Int(32, true))))));
    byte[] stream =
        handWritten(
            structs,
            4,
            new long[] {4, 0, 1, 0},
            new byte[][] {new byte[0], new byte[0], new byte[4]});
    assertRefusedWhenRead(
        stream, "column 'zip' (node 1) declares 1 values where its batch or parent needs 4");
  }

  /**
   * Reading {@code stream} is refused, with a message that says so and contains {@code expected}.
   */
  private void assertRefusedWhenRead(byte[] stream, String expected) {
    String m = assertThrows(InvalidBatchException.class, () -> readAll(stream)).getMessage();
    assertTrue(m.startsWith("not a valid Arrow IPC batch: "), m);
    assertTrue(m.contains(expected), m);
  }

  /** Reads a stream through the check, every value of every row printed. */
  private List<String> readAll(byte[] stream) throws IOException {
    List<String> rows = new ArrayList<>();
    try (ArrowStreamReader reader =
        new CheckedStreamReader(
            new MessageChannelReader(
                new ReadChannel(Channels.newChannel(new ByteArrayInputStream(stream))), allocator),
            allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int row = 0; row < root.getRowCount(); row++) {
          StringBuilder printed = new StringBuilder();
          for (FieldVector vector : root.getFieldVectors()) {
            Object value = vector.getObject(row);
            if (vector.getField().getDictionary() != null && value != null) {
              Dictionary dictionary =
                  reader.getDictionaryVectors().get(vector.getField().getDictionary().getId());
              value = dictionary.getVector().getObject(((Number) value).intValue());
            }
            printed.append(value).append('|');
          }
          rows.add(printed.toString());
        }
      }
    }
    return rows;
  }

  /**
   * A stream with a long, a string, a dictionary-encoded string, a list of longs and a struct, with
   * nulls, empty lists and an empty batch; the rows' printed values go to {@code written}.
   */
  private byte[] soundStream(CompressionUtil.CodecType codec, List<String> written)
      throws IOException {
    // In Java a dictionary-encoded column is its indices; the writer sends the values' type.
    DictionaryEncoding encoding = new DictionaryEncoding(7L, false, null);
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("name", ArrowType.Utf8.INSTANCE),
                new Field(
                    "city", new FieldType(true, new ArrowType.Int(32, true), encoding), List.of()),
                new Field(
                    "tags",
                    FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(Field.nullable("item", new ArrowType.Int(64, true)))),
                new Field(
                    "address",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                        Field.nullable("zip", new ArrowType.Int(32, true)),
                        Field.nullable("flag", ArrowType.Bool.INSTANCE)))));
    String[] cities = {"Gent", "Leuven", "Namur"};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VarCharVector cityValues =
            new VarCharVector(Field.nullable("city", ArrowType.Utf8.INSTANCE), allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      cityValues.allocateNew();
      for (int i = 0; i < cities.length; i++) {
        cityValues.setSafe(i, cities[i].getBytes(StandardCharsets.UTF_8));
      }
      cityValues.setValueCount(cities.length);
      DictionaryProvider.MapDictionaryProvider provider =
          new DictionaryProvider.MapDictionaryProvider(new Dictionary(cityValues, encoding));
      try (ArrowStreamWriter writer =
          new ArrowStreamWriter(
              root,
              provider,
              Channels.newChannel(out),
              IpcOption.DEFAULT,
              IpcCompression.factory(),
              codec)) {
        writer.start();
        for (int rows : new int[] {50, 0, 37}) {
          fill(root, rows, cityValues, cities, encoding, written);
          writer.writeBatch();
        }
        writer.end();
      }
    }
    return out.toByteArray();
  }

  private void fill(
      VectorSchemaRoot root,
      int rows,
      VarCharVector cityValues,
      String[] cities,
      DictionaryEncoding encoding,
      List<String> written) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    ListVector tags = (ListVector) root.getVector("tags");
    StructVector address = (StructVector) root.getVector("address");
    BigIntVector items = (BigIntVector) tags.getDataVector();
    org.apache.arrow.vector.IntVector zip =
        (org.apache.arrow.vector.IntVector) address.getChild("zip");
    org.apache.arrow.vector.BitVector flag =
        (org.apache.arrow.vector.BitVector) address.getChild("flag");
    try (VarCharVector plainCities =
        new VarCharVector(Field.nullable("city", ArrowType.Utf8.INSTANCE), allocator)) {
      plainCities.allocateNew();
      int item = 0;
      for (int i = 0; i < rows; i++) {
        long value = written.size() * 31L;
        String printedName = i % 5 == 0 ? null : "n" + value;
        id.setSafe(i, value);
        if (printedName != null) {
          name.setSafe(i, printedName.getBytes(StandardCharsets.UTF_8));
        }
        String city = i % 7 == 3 ? null : cities[i % cities.length];
        if (city != null) {
          plainCities.setSafe(i, city.getBytes(StandardCharsets.UTF_8));
        }
        tags.startNewValue(i);
        List<String> printedTags = new ArrayList<>();
        for (int t = 0; t < i % 4; t++) {
          items.setSafe(item++, value + t);
          printedTags.add(String.valueOf(value + t));
        }
        tags.endValue(i, i % 4);
        address.setIndexDefined(i);
        zip.setSafe(i, (int) (value % 10_000));
        flag.setSafe(i, i % 2);
        written.add(
            value
                + "|"
                + printedName
                + "|"
                + city
                + "|"
                + "["
                + String.join(",", printedTags)
                + "]|"
                + "{\"zip\":"
                + (value % 10_000)
                + ",\"flag\":"
                + (i % 2 == 1)
                + "}|");
      }
      items.setValueCount(item);
      plainCities.setValueCount(rows);
      root.setRowCount(rows);
      try (FieldVector encoded =
          (FieldVector)
              DictionaryEncoder.encode(plainCities, new Dictionary(cityValues, encoding))) {
        encoded.makeTransferPair(root.getVector("city")).transfer();
      }
      root.setRowCount(rows);
    }
  }

  /** A stream of one hand-written batch of BIGINT ids: the nodes and buffer sizes as given. */
  private byte[] handWritten(int rows, long[] node, long[] bufferSizes, Schema schema)
      throws IOException {
    byte[][] buffers = new byte[bufferSizes.length][];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = new byte[(int) bufferSizes[i]];
      java.util.Arrays.fill(buffers[i], (byte) 0xFF);
    }
    return handWritten(schema, rows, node, buffers);
  }

  private static Schema bigints() {
    return new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
  }

  private byte[] handWritten(Schema schema, int rows, long[] nodes, byte[][] buffers)
      throws IOException {
    return HostileIpc.batchWithLayout(schema, rows, nodes, buffers, false, allocator);
  }

  private static byte[] ints(int... values) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }
}
