package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyarrow, an independent Arrow implementation, reads what a Hop pipeline wrote: types, metadata,
 * values, nulls.
 */
@ExtendWith(ArrowLeakCheck.class)
public class PyArrowReadsHopTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Prints table t's schema, then one JSON list per row in the conventions of {@link #expectedRow}.
   */
  public static final String PRINT_TABLE =
      String.join(
          "\n",
          "import json, struct",
          "print(json.dumps({f.name: str(f.type) + ('|' + f.metadata[b'hop.type'].decode() if f.metadata else '') for f in t.schema}))",
          "created = t.column('created').cast(pa.int64()).to_pylist()",
          "updated = t.column('updated').cast(pa.int64()).to_pylist()",
          "cols = {n: t.column(n).to_pylist() for n in t.column_names if n not in ('created', 'updated')}",
          "for i in range(t.num_rows):",
          "    a = cols['amount'][i]; p = cols['price'][i]; b = cols['payload'][i]",
          "    print(json.dumps([cols['id'][i], cols['name'][i], None if a is None else struct.pack('>d', a).hex(),",
          "        None if p is None else format(p, 'f'), created[i], updated[i], cols['active'][i],",
          "        None if b is None else b.hex(), cols['address'][i]], ensure_ascii=False))");

  static final String READ_FILES =
      String.join(
          "\n",
          "import sys, glob, pyarrow as pa, pyarrow.ipc as ipc",
          "t = pa.concat_tables([ipc.open_file(f).read_all() for f in sorted(glob.glob(sys.argv[1] + '/*.arrow'))])",
          PRINT_TABLE);

  @TempDir Path project;
  @TempDir Path streams;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  static JsonNode expectedRow(Object[] r) {
    ArrayNode a = JSON.createArrayNode();
    a.add((Long) r[0]);
    a.add((String) r[1]);
    a.add(r[2] == null ? null : String.format("%016x", Double.doubleToRawLongBits((Double) r[2])));
    a.add(
        r[3] == null ? null : ((BigDecimal) r[3]).setScale(AllTypesRows.BIG_SCALE).toPlainString());
    if (r[4] == null) {
      a.addNull();
    } else {
      a.add(((Date) r[4]).getTime());
    }
    if (r[5] == null) {
      a.addNull();
    } else {
      Timestamp ts = (Timestamp) r[5];
      a.add(Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos());
    }
    if (r[6] == null) {
      a.addNull();
    } else {
      a.add((Boolean) r[6]);
    }
    a.add(r[7] == null ? null : HexFormat.of().formatHex((byte[]) r[7]));
    a.add(r[8] == null ? null : ((InetAddress) r[8]).getHostAddress());
    return a;
  }

  @Test
  void pyarrowReadsEveryHopTypeExactly() throws Exception {
    PyArrow.require();
    JsonMetadataProvider provider = HopPipelines.project(project);
    provider
        .getSerializer(DataStream.class)
        .save(
            new DataStream(
                "to-python", new ArrowFileStream(streams.resolve("out").toString(), "file")));
    IVariables variables = new Variables();
    IRowMeta layout = AllTypesRows.rowMeta();
    List<Object[]> rows = AllTypesRows.rows(3_000);
    HopPipelines.assertNoErrors(
        HopPipelines.write(
            HopPipelines.writer("to-python", layout, 2), provider, variables, layout, rows),
        "writer");

    assertPrintedTableIs(rows, PyArrow.run(READ_FILES, 120, streams.resolve("out").toString()));
  }

  /** Checks what {@link #PRINT_TABLE} printed: the schema with Hop types, and every row exactly. */
  public static void assertPrintedTableIs(List<Object[]> rows, String printed) throws Exception {
    String[] lines = printed.split("\n");
    Map<String, String> schema =
        JSON.readValue(
            lines[0],
            new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() {});
    Map<String, String> expectedSchema =
        new TreeMap<>(
            Map.of(
                "id",
                "int64|Integer",
                "name",
                "string|String",
                "amount",
                "double|Number",
                "price",
                "decimal128(38, 6)|BigNumber",
                "created",
                "timestamp[ms, tz=UTC]|Date",
                "updated",
                "timestamp[ns, tz=UTC]|Timestamp",
                "active",
                "bool|Boolean",
                "payload",
                "binary|Binary",
                "address",
                "string|Internet Address"));
    assertEquals(expectedSchema, schema);

    TreeMap<String, Integer> expected = new TreeMap<>();
    for (Object[] r : rows) {
      expected.merge(expectedRow(r).toString(), 1, Integer::sum);
    }
    TreeMap<String, Integer> actual = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      actual.merge(JSON.readTree(lines[i]).toString(), 1, Integer::sum);
    }
    assertEquals(expected, actual);
  }
}
