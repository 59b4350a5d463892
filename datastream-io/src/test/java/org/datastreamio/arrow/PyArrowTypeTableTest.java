package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosDuration;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrow;
import org.datastreamio.testing.PyArrowProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The type table against pyarrow: Java writes an IPC file with one field per Beam type, pyarrow
 * reports the type it sees and writes the table back, Java reads that and gets the same rows and
 * Beam schema (field metadata survives pyarrow).
 */
@ExtendWith({ArrowLeakCheck.class, PyArrowProcesses.class})
class PyArrowTypeTableTest {
  private static final EnumerationType ENUM = EnumerationType.create("RED", "GREEN");
  private static final Schema INNER =
      Schema.builder()
          .addNullableField("x", FieldType.INT32)
          .addNullableField("s", FieldType.STRING)
          .build();

  @Test
  void pyarrowSeesTheDocumentedTypesAndRoundTripsTheRows(@TempDir Path dir)
      throws IOException, InterruptedException {
    Map<String, Object[]> table = new LinkedHashMap<>();
    table.put("byte", new Object[] {FieldType.BYTE, "int8", (byte) -7});
    table.put("int16", new Object[] {FieldType.INT16, "int16", (short) -300});
    table.put("int32", new Object[] {FieldType.INT32, "int32", 70000});
    table.put("int64", new Object[] {FieldType.INT64, "int64", Long.MIN_VALUE});
    table.put("float", new Object[] {FieldType.FLOAT, "float", 1.5f});
    table.put("double", new Object[] {FieldType.DOUBLE, "double", -0.0});
    table.put("string", new Object[] {FieldType.STRING, "string", "日本 😀"});
    table.put("boolean", new Object[] {FieldType.BOOLEAN, "bool", true});
    table.put("bytes", new Object[] {FieldType.BYTES, "binary", new byte[] {0, 1, 2}});
    table.put(
        "decimal",
        new Object[] {
          FieldType.DECIMAL, "decimal128(38, 18)", new BigDecimal("1.500000000000000000")
        });
    table.put(
        "numeric",
        new Object[] {
          FieldType.logicalType(FixedPrecisionNumeric.of(18, 2)),
          "decimal128(18, 2)",
          new BigDecimal("-12.34")
        });
    table.put(
        "numeric60",
        new Object[] {
          FieldType.logicalType(FixedPrecisionNumeric.of(60, 0)),
          "decimal256(60, 0)",
          new BigDecimal("1".repeat(60))
        });
    table.put(
        "datetime",
        new Object[] {
          FieldType.DATETIME, "timestamp[ms, tz=UTC]", new org.joda.time.Instant(1_700_000_000_123L)
        });
    table.put(
        "date",
        new Object[] {
          FieldType.logicalType(SqlTypes.DATE), "date32[day]", LocalDate.of(2024, 2, 29)
        });
    table.put(
        "time",
        new Object[] {
          FieldType.logicalType(SqlTypes.TIME), "time64[ns]", LocalTime.of(23, 59, 59, 123_456_789)
        });
    table.put(
        "local",
        new Object[] {
          FieldType.logicalType(SqlTypes.DATETIME),
          "timestamp[us]",
          LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000)
        });
    table.put(
        "micros",
        new Object[] {
          FieldType.logicalType(new MicrosInstant()),
          "timestamp[us, tz=UTC]",
          Instant.ofEpochSecond(-5, 7000)
        });
    table.put(
        "nanos",
        new Object[] {
          FieldType.logicalType(new NanosInstant()),
          "timestamp[ns, tz=UTC]",
          Instant.ofEpochSecond(5, 7)
        });
    table.put(
        "duration",
        new Object[] {
          FieldType.logicalType(new NanosDuration()), "duration[ns]", Duration.ofMillis(-1500)
        });
    table.put(
        "fixed",
        new Object[] {
          FieldType.logicalType(FixedBytes.of(4)), "fixed_size_binary[4]", new byte[] {1, 2, 3, 4}
        });
    table.put("enum", new Object[] {FieldType.logicalType(ENUM), "string", ENUM.valueOf("GREEN")});
    table.put(
        "array",
        new Object[] {
          FieldType.array(FieldType.INT32.withNullable(true)),
          "list<item: int32>",
          Arrays.asList(1, null, 3)
        });
    table.put(
        "iterable",
        new Object[] {
          FieldType.iterable(FieldType.STRING), "list<item: string not null>", List.of("a", "")
        });
    table.put(
        "map",
        new Object[] {
          FieldType.map(FieldType.STRING, FieldType.INT64), "map<string, int64>", Map.of("k", 1L)
        });
    table.put(
        "row",
        new Object[] {
          FieldType.row(INNER),
          "struct<x: int32, s: string>",
          Row.withSchema(INNER).addValues(1, "s").build()
        });

    Schema.Builder builder = Schema.builder();
    table.forEach((name, t) -> builder.addNullableField(name, (FieldType) t[0]));
    Schema schema = builder.build();
    Object[] values = table.values().stream().map(t -> t[2]).toArray();
    List<Row> rows =
        List.of(
            Row.withSchema(schema).addValues(values).build(),
            Row.withSchema(schema).addValues(new Object[values.length]).build());

    Path javaFile = dir.resolve("java.arrow");
    Path pyFile = dir.resolve("py.arrow");
    try (BufferAllocator allocator = ArrowMemory.newChild("pyarrow-table");
        RowToArrow writer = new RowToArrow(schema, allocator)) {
      rows.forEach(writer::append);
      try (FileOutputStream out = new FileOutputStream(javaFile.toFile());
          ArrowFileWriter file =
              new ArrowFileWriter(writer.finishBatch(), null, out.getChannel())) {
        file.start();
        file.writeBatch();
        file.end();
      }
    }

    String script =
        String.join(
            "\n",
            "import sys, pyarrow as pa",
            "t = pa.ipc.open_file(sys.argv[1]).read_all()",
            "for f in t.schema:",
            "    print(f.name + '=' + str(f.type))",
            "with pa.ipc.new_file(sys.argv[2], t.schema) as w:",
            "    w.write_table(t)");
    String out = PyArrow.run(script, javaFile.toString(), pyFile.toString());
    Map<String, String> seen = new LinkedHashMap<>();
    for (String line : out.strip().split("\n")) {
      seen.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    table.forEach((name, t) -> expected.put(name, (String) t[1]));
    assertEquals(expected, seen);

    List<Row> back = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("pyarrow-read");
        FileInputStream in = new FileInputStream(pyFile.toFile());
        ArrowFileReader reader = new ArrowFileReader(in.getChannel(), allocator)) {
      org.apache.arrow.vector.types.pojo.Schema arrow = reader.getVectorSchemaRoot().getSchema();
      assertEquals(schema, SchemaConverter.toBeam(arrow));
      ArrowToRow toRows = new ArrowToRow(schema, arrow);
      while (reader.loadNextBatch()) {
        toRows.convert(reader.getVectorSchemaRoot(), back::add);
      }
    }
    assertEquals(rows, back);
    Files.deleteIfExists(javaFile);
  }
}
