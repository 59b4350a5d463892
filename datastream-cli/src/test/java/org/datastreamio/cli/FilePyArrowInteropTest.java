package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyarrow as the independent peer for Arrow files: pyarrow writes IPC files and stream files (with
 * compression) that {@code datastream copy} reads, and pyarrow reads what DataStreamIO wrote, value
 * by value.
 */
@ExtendWith(ArrowLeakCheck.class)
class FilePyArrowInteropTest {
  @TempDir Path dir;

  @BeforeEach
  void needsPyArrow() {
    PyArrow.require();
  }

  /**
   * A table with many types; {@code check} compares any directory of Arrow files with it, row by
   * row.
   */
  private static final String TABLE =
      String.join(
          "\n",
          "import sys, datetime, decimal, glob, os",
          "import pyarrow as pa, pyarrow.ipc as ipc",
          "N = 5000",
          "def table():",
          "    ids = list(range(N))",
          "    return pa.table({",
          "        'id': pa.array(ids, pa.int64()),",
          "        'i8': pa.array([None if i % 9 == 0 else (i % 256) - 128 for i in ids], pa.int8()),",
          "        'u16': pa.array([i % 65536 for i in ids], pa.uint16()),",
          "        'f32': pa.array([i / 3 for i in ids], pa.float32()),",
          "        'f64': pa.array([None if i % 5 == 0 else i * 1.25 for i in ids], pa.float64()),",
          "        'dec': pa.array([decimal.Decimal(i).scaleb(-2) for i in ids], pa.decimal128(12, 2)),",
          "        'txt': pa.array([None if i % 7 == 0 else 'r\u00e9sum\u00e9 \u65e5\u672c ' + str(i) for i in ids], pa.string()),",
          "        'big': pa.array(['L' * (i % 5) for i in ids], pa.large_string()),",
          "        'bin': pa.array([bytes([i % 256, 0, 255]) for i in ids], pa.binary()),",
          "        'flag': pa.array([i % 2 == 0 for i in ids], pa.bool_()),",
          "        'day': pa.array([datetime.date(2020, 1, 1) + datetime.timedelta(days=i) for i in ids], pa.date32()),",
          "        'tod': pa.array([datetime.time(i % 24, i % 60, i % 60, i % 1000000) for i in ids], pa.time64('us')),",
          "        'ts': pa.array([datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=i * 1001) for i in ids], pa.timestamp('us', tz='UTC')),",
          "        'local': pa.array([datetime.datetime(2024, 6, 1) + datetime.timedelta(seconds=i) for i in ids], pa.timestamp('ms')),",
          "        'tags': pa.array([[str(j) for j in range(i % 4)] for i in ids], pa.list_(pa.string())),",
          "        'kv': pa.array([[('k', i)] if i % 2 else [] for i in ids], pa.map_(pa.string(), pa.int64())),",
          "        'point': pa.array([{'x': float(i), 'label': None if i % 3 == 0 else 'p' + str(i)} for i in ids],",
          "                          pa.struct([('x', pa.float64()), ('label', pa.string())])),",
          "    })",
          "def read_dir(d):",
          "    tables = []",
          "    for f in sorted(glob.glob(os.path.join(d, '*'))):",
          "        if os.path.basename(f).startswith(('.', '_')): continue",
          "        with open(f, 'rb') as fh: magic = fh.read(6)",
          "        if magic == b'ARROW1':",
          "            tables.append(ipc.open_file(f).read_all())",
          "        else:",
          "            tables.append(ipc.open_stream(f).read_all())",
          "    return pa.concat_tables(tables)",
          "def check(d):",
          "    expected = table()",
          "    got = read_dir(d).sort_by('id')",
          "    assert got.num_rows == N, (got.num_rows, N)",
          "    assert got.schema.names == expected.schema.names, (got.schema, expected.schema)",
          "    for name in expected.schema.names:",
          "        e = expected.column(name).to_pylist(); g = got.column(name).to_pylist()",
          "        if name == 'kv': e = [dict(x) for x in e]; g = [dict(x) for x in g]",
          "        if e != g:",
          "            bad = next(i for i in range(N) if e[i] != g[i])",
          "            raise AssertionError('column %s differs at id %d: %r != %r (types %s / %s)' % (name, bad, e[bad], g[bad], expected.schema.field(name).type, got.schema.field(name).type))",
          "    print('OK', got.num_rows)",
          "");

  @Test
  void copyReadsWhatPyArrowWroteAndPyArrowReadsTheCopy() throws Exception {
    Path source = dir.resolve("from-python");
    PyArrow.run(
        TABLE
            + String.join(
                "\n",
                "d = sys.argv[1]; os.makedirs(d)",
                "t = table()",
                "half = N // 2",
                "with ipc.new_file(os.path.join(d, 'a.arrow'), t.schema, options=ipc.IpcWriteOptions(compression='zstd')) as w:",
                "    for b in t.slice(0, half).to_batches(max_chunksize=700): w.write_batch(b)",
                "with ipc.new_stream(os.path.join(d, 'b.arrows'), t.schema, options=ipc.IpcWriteOptions(compression='lz4')) as w:",
                "    for b in t.slice(half).to_batches(max_chunksize=900): w.write_batch(b)",
                "open(os.path.join(d, '_SUCCESS'), 'w').close()",
                ""),
        source.toString());

    Path viaBatches = dir.resolve("via-batches");
    assertEquals(
        0,
        DataStreamCli.execute(
            "copy",
            "--from",
            "file://" + source,
            "--to",
            "file://" + viaBatches,
            "--parallelism",
            "2"));
    Path viaRows = dir.resolve("via-rows");
    assertEquals(
        0,
        DataStreamCli.execute(
            "copy",
            "--from",
            "file://" + source,
            "--to",
            "file://" + viaRows + "?format=stream&compression=zstd",
            "--via",
            "rows",
            "--parallelism",
            "2"));

    String out =
        PyArrow.run(
            TABLE + "check(sys.argv[1]); check(sys.argv[2])\n",
            viaBatches.toString(),
            viaRows.toString());
    assertTrue(out.contains("OK 5000\nOK 5000"), out);
  }

  @Test
  void pyArrowReadsGeneratedRowsValueByValue() throws Exception {
    Path out = dir.resolve("generated");
    assertEquals(
        0,
        DataStreamCli.execute(
            "generate",
            "--rows",
            "3000",
            "--to",
            "file://" + out + "?batchRows=400",
            "--parallelism",
            "2"));
    // The demo schema's documented formulas, in Python: every row must match.
    String result =
        PyArrow.run(
            String.join(
                "\n",
                "import sys, glob, os, datetime, decimal",
                "import pyarrow.ipc as ipc, pyarrow as pa",
                "files = [f for f in sorted(glob.glob(os.path.join(sys.argv[1], '*'))) if not os.path.basename(f).startswith(('.', '_'))]",
                "t = pa.concat_tables([ipc.open_file(f).read_all() for f in files]).sort_by('id')",
                "assert str(t.schema.field('price').type) == 'decimal128(18, 2)', t.schema",
                "assert str(t.schema.field('ts').type) == 'timestamp[us, tz=UTC]', t.schema",
                "epoch = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)",
                "tags = [[], ['t0'], ['t0', 't1'], ['t0', 't1', 't2']]",
                "rows = t.to_pylist()",
                "assert len(rows) == 3000, len(rows)",
                "for i, r in enumerate(rows):",
                "    want = {'id': i, 'customer': 'customer-%d' % (i % 10007), 'amount': (i % 100000) / 100.0,",
                "            'price': decimal.Decimal(i % 1000000).scaleb(-2),",
                "            'ts': epoch + datetime.timedelta(seconds=i, microseconds=i % 1000), 'paid': i % 3 != 0,",
                "            'tags': tags[i % 4], 'address': {'city': 'city-%d' % (i % 97), 'zip': 10000 + i % 90000},",
                "            'note': None if i % 7 == 0 else 'note %d' % i}",
                "    assert r == want, (i, r, want)",
                "print('OK', len(rows))",
                ""),
            out.toString());
    assertTrue(result.contains("OK 3000"), result);
  }
}
