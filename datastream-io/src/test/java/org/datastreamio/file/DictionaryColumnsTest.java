package org.datastreamio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.ArrowBatch;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.flight.PyArrowFlightTest;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.PyArrow;
import org.datastreamio.testing.PyArrowProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dictionary-encoded columns (how pyarrow writes pandas categoricals) in Arrow files: rows and
 * batches read by DataStreamIO carry the values, never the dictionary indices.
 */
@ExtendWith({ArrowLeakCheck.class, PyArrowProcesses.class})
class DictionaryColumnsTest {
  private static final String[] CATEGORIES = {"north", "süd", "東", "west"};

  /**
   * Two files, IPC file and IPC stream format, 3 batches each; row i has category i % 4 (null every
   * 5th).
   */
  private static final String PY_WRITE =
      String.join(
          "\n",
          "import sys, pyarrow as pa, pyarrow.ipc as ipc",
          "cats = ['north', 'süd', '東', 'west']",
          "def table(start, n):",
          "    ids = list(range(start, start + n))",
          "    cat = pa.array([None if i % 5 == 0 else cats[i % 4] for i in ids]).dictionary_encode()",
          "    return pa.table({'id': pa.array(ids, pa.int64()), 'category': cat})",
          "with ipc.new_file(sys.argv[1] + '/part-a.arrow', table(0, 30).schema) as w:",
          "    w.write_table(table(0, 30), max_chunksize=10)",
          "with ipc.new_stream(sys.argv[1] + '/part-b.arrow', table(30, 30).schema) as w:",
          "    w.write_table(table(30, 30), max_chunksize=10)",
          "print('ok')");

  private static final Schema ROW =
      Schema.builder()
          .addNullableField("id", Schema.FieldType.INT64)
          .addNullableField("category", Schema.FieldType.STRING)
          .build();

  private static String category(long id) {
    return id % 5 == 0 ? null : CATEGORIES[(int) (id % 4)];
  }

  private static List<Row> expectedRows() {
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 60; id++) {
      rows.add(Row.withSchema(ROW).addValues(id, category(id)).build());
    }
    return rows;
  }

  private static String written(Path dir) throws Exception {
    PyArrow.run(PY_WRITE, dir.toString());
    return "file://" + dir;
  }

  @Test
  void rowsCarryTheValuesAndTheSchemaIsTheValueType(@TempDir Path dir) throws Exception {
    String uri = written(dir);
    Pipeline p = Pipelines.direct();
    PCollection<Row> rows = p.apply(DataStreamIO.read().from(uri));
    assertEquals(
        ROW, rows.getSchema(), "the schema a read discovers has the dictionary's value type");
    PAssert.that(rows).satisfies(Multiset.equalTo(expectedRows()));
    p.run().waitUntilFinish();
  }

  @Test
  void batchesArriveDecoded(@TempDir Path dir) throws Exception {
    String uri = written(dir);
    Pipeline p = Pipelines.direct();
    PCollection<String> lines =
        p.apply(DataStreamIO.readBatches().from(uri))
            .apply(
                MapElements.into(TypeDescriptors.strings()).via(DictionaryColumnsTest::describe));
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 60; id++) {
      expected.add(id + "=" + category(id));
    }
    PAssert.that(
            lines.apply(
                org.apache.beam.sdk.transforms.FlatMapElements.into(TypeDescriptors.strings())
                    .via((String batch) -> List.of(batch.split(",")))))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void transportReadersSeeValuesToo(@TempDir Path dir) throws Exception {
    // What `datastream cat` and Hop's Data Stream Input use: the SPI, without Beam.
    StreamConfig config = StreamConfig.parse(written(dir));
    assertEquals(expectedLines(), readThroughSpi(config));
  }

  @Test
  void aPyArrowFlightServerSendingCategoricalsIsReadAsValues() throws Exception {
    Process server = PyArrow.start(PyArrowFlightTest.PY_SERVER);
    try {
      int port =
          Integer.parseInt(
              new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          server.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
                  .readLine()
                  .trim());
      PyArrow.run(
          String.join(
              "\n",
              "import sys, pyarrow as pa, pyarrow.flight as fl",
              "cats = ['north', 'süd', '東', 'west']",
              "ids = list(range(60))",
              "cat = pa.array([None if i % 5 == 0 else cats[i % 4] for i in ids]).dictionary_encode()",
              "t = pa.table({'id': pa.array(ids, pa.int64()), 'category': cat})",
              "c = fl.FlightClient(sys.argv[1])",
              "w, _ = c.do_put(fl.FlightDescriptor.for_path('cats'), t.schema)",
              "w.write_table(t, max_chunksize=10)",
              "w.close()"),
          "grpc://127.0.0.1:" + port);
      StreamConfig config =
          StreamConfig.parse("flight://127.0.0.1:" + port + "/cats?delivery=at-least-once");
      assertEquals(expectedLines(), readThroughSpi(config));
    } finally {
      server.destroy();
      server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      org.datastreamio.flight.FlightClientPool.closeIdleClients();
    }
  }

  private static List<String> expectedLines() {
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < 60; id++) {
      expected.add(id + "=" + category(id));
    }
    java.util.Collections.sort(expected);
    return expected;
  }

  /** Every partition through Transport.openSource, as sorted "id=category" lines. */
  private static List<String> readThroughSpi(StreamConfig config) throws Exception {
    Transport transport = Transports.forConfig(config);
    List<String> lines = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("dictionary-spi")) {
      for (Partition partition : transport.listPartitions(config, allocator)) {
        try (BatchSource source = transport.openSource(config, partition, 0, allocator)) {
          assertNull(
              source.schema().findField("category").getDictionary(),
              "the source's schema is plain");
          while (source.next()) {
            lines.addAll(List.of(lines(source.root()).split(",")));
          }
        }
      }
    }
    java.util.Collections.sort(lines);
    return lines;
  }

  /** "id=category,..." of one batch, after checking the column is a plain string column. */
  private static String describe(ArrowBatch batch) {
    try (BufferAllocator allocator = ArrowMemory.newChild("dictionary-test");
        VectorSchemaRoot root = batch.open(allocator)) {
      return lines(root);
    }
  }

  private static String lines(VectorSchemaRoot root) {
    {
      assertNull(
          root.getSchema().findField("category").getDictionary(), "no dictionary encoding is left");
      assertEquals(ArrowType.Utf8.INSTANCE, root.getSchema().findField("category").getType());
      BigIntVector ids = (BigIntVector) root.getVector("id");
      VarCharVector cats = (VarCharVector) root.getVector("category");
      List<String> out = new ArrayList<>();
      for (int i = 0; i < root.getRowCount(); i++) {
        out.add(
            ids.get(i)
                + "="
                + (cats.isNull(i)
                    ? null
                    : new String(cats.get(i), java.nio.charset.StandardCharsets.UTF_8)));
      }
      return String.join(",", out);
    }
  }
}
