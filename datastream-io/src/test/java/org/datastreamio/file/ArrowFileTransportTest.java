package org.datastreamio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.HostileIpc;
import org.datastreamio.testing.IpcCodecs;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The file transport through its SPI alone: staging, commit, listing, reading from any batch. */
@ExtendWith(ArrowLeakCheck.class)
class ArrowFileTransportTest {
  @TempDir Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = ArrowMemory.newChild("test");
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  private WrittenPart writePart(
      Transport t,
      StreamConfig config,
      String writeId,
      String partId,
      long first,
      int batches,
      int rowsPerBatch)
      throws IOException {
    try (BatchSink sink =
            t.openSink(config, SinkContext.of(writeId, partId, ""), TestBatches.SCHEMA, allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      for (int b = 0; b < batches; b++) {
        TestBatches.fill(root, first + (long) b * rowsPerBatch, rowsPerBatch);
        sink.write(root);
      }
      return sink.finish();
    }
  }

  private List<List<Object>> readAll(Transport t, StreamConfig config) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    for (Partition p : t.listPartitions(config, allocator)) {
      try (BatchSource s = t.openSource(config, p, 0, allocator)) {
        while (s.next()) {
          rows.addAll(TestBatches.values(s.root()));
        }
      }
    }
    return rows;
  }

  private static List<List<Object>> expected(long from, long to) {
    List<List<Object>> rows = new ArrayList<>();
    for (long v = from; v < to; v++) {
      rows.add(TestBatches.expected(v));
    }
    return rows;
  }

  private static Map<List<Object>, Long> multiset(List<List<Object>> rows) {
    return rows.stream()
        .collect(Collectors.groupingBy(r -> r, HashMap::new, Collectors.counting()));
  }

  private List<String> visibleFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @ParameterizedTest
  @CsvSource({"file,none", "file,zstd", "stream,lz4", "stream,none"})
  void stagedPartsBecomeVisibleOnlyAtCommit(String format, String compression) throws IOException {
    StreamConfig config =
        StreamConfig.parse("file://" + dir + "?format=" + format + "&compression=" + compression);
    Transport t = Transports.forConfig(config);
    WrittenPart a = writePart(t, config, "w1", "part-a", 0, 3, 100);
    WrittenPart b = writePart(t, config, "w1", "part-b", 300, 2, 50);
    writePart(t, config, "w1", "failed-attempt", 10_000, 1, 10); // a retried bundle's leftover
    assertEquals(List.of(), visibleFiles(), "nothing is visible before the commit");
    assertEquals(300, a.rows());
    assertEquals(3, a.batches());

    List<WrittenPart> committed = t.commit(config, "w1", "", List.of(b, a));
    assertEquals(2, committed.size());
    String ext = "file".equals(format) ? ".arrow" : ".arrows";
    assertEquals(
        List.of("part-w1-00000-of-00002" + ext, "part-w1-00001-of-00002" + ext), visibleFiles());
    try (Stream<Path> all = Files.list(dir)) {
      assertEquals(2, all.count(), "the staging folder with the failed attempt's file is gone");
    }
    // The codec asked for is in the written bytes (readers detect it, so a round trip cannot tell).
    CompressionUtil.CodecType codec = IpcCompression.valueOf(compression.toUpperCase()).codecType();
    for (String file : visibleFiles()) {
      List<CompressionUtil.CodecType> codecs = IpcCodecs.of(dir.resolve(file));
      assertEquals(
          Collections.nCopies(file.endsWith("00000-of-00002" + ext) ? 3 : 2, codec),
          codecs,
          file + ": the codec of each record batch");
    }
    // A retried commit changes nothing.
    t.commit(config, "w1", "", List.of(a, b));
    assertEquals(multiset(expected(0, 400)), multiset(readAll(t, config)));
  }

  @Test
  void fileFormatPartitionsReadFromAnyBatch() throws IOException {
    StreamConfig config = StreamConfig.parse("file://" + dir);
    Transport t = Transports.forConfig(config);
    t.commit(config, "w2", "", List.of(writePart(t, config, "w2", "p", 0, 10, 7)));
    List<Partition> parts = t.listPartitions(config, allocator);
    assertEquals(1, parts.size());
    Partition p = parts.get(0);
    assertTrue(p.isSplittable());
    assertEquals(10, p.batchCount());
    assertEquals(Files.size(dir.resolve(visibleFiles().get(0))), p.sizeBytes());
    try (BatchSource s = t.openSource(config, p, 6, allocator)) {
      assertTrue(s.next());
      assertEquals(TestBatches.expected(42), TestBatches.values(s.root()).get(0));
      int batches = 1;
      while (s.next()) {
        batches++;
      }
      assertEquals(4, batches);
    }
    assertEquals(TestBatches.SCHEMA, t.discoverSchema(config, allocator).orElseThrow());
  }

  @Test
  void streamFilesAreOneWholePartitionEach() throws IOException {
    StreamConfig config = StreamConfig.parse("file://" + dir + "?format=stream");
    Transport t = Transports.forConfig(config);
    t.commit(config, "w3", "", List.of(writePart(t, config, "w3", "p", 0, 4, 5)));
    Partition p = t.listPartitions(config, allocator).get(0);
    assertEquals(Partition.UNKNOWN, p.batchCount());
    assertTrue(!p.isSplittable());
    try (BatchSource s = t.openSource(config, p, 2, allocator)) {
      assertTrue(s.next());
      assertEquals(TestBatches.expected(10), TestBatches.values(s.root()).get(0));
    }
  }

  @Test
  void readsSingleFilesAndGlobs() throws IOException {
    StreamConfig config = StreamConfig.parse("file://" + dir);
    Transport t = Transports.forConfig(config);
    t.commit(
        config,
        "w4",
        "",
        List.of(
            writePart(t, config, "w4", "p1", 0, 1, 5), writePart(t, config, "w4", "p2", 5, 1, 5)));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    String first =
        visibleFiles().stream().filter(n -> n.startsWith("part-")).findFirst().orElseThrow();
    assertEquals(
        multiset(expected(0, 5)),
        multiset(readAll(t, StreamConfig.parse("file://" + dir.resolve(first)))));
    assertEquals(
        multiset(expected(0, 10)),
        multiset(readAll(t, StreamConfig.parse("file://" + dir + "/part-*.arrow"))));
  }

  @Test
  void clearErrorsForMissingEmptyTruncatedAndForeignFiles() throws IOException {
    Transport t = Transports.forConfig(StreamConfig.parse("file://" + dir));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                t.listPartitions(StreamConfig.parse("file://" + dir + "/nothing-here"), allocator));
    assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());

    Path empty = Files.createFile(dir.resolve("empty.arrow"));
    e =
        assertThrows(
            IOException.class,
            () -> t.listPartitions(StreamConfig.parse("file://" + empty), allocator));
    assertTrue(
        e.getMessage().contains("empty.arrow") && e.getMessage().contains("empty"), e.getMessage());

    Path csv = Files.writeString(dir.resolve("data.csv"), "id,name\n1,a\n");
    e =
        assertThrows(
            IOException.class,
            () -> t.listPartitions(StreamConfig.parse("file://" + csv), allocator));
    assertTrue(
        e.getMessage().contains("data.csv") && e.getMessage().contains("not Arrow IPC"),
        e.getMessage());

    StreamConfig good = StreamConfig.parse("file://" + dir.resolve("good"));
    t.commit(good, "w5", "", List.of(writePart(t, good, "w5", "p", 0, 3, 100)));
    Path file;
    try (Stream<Path> s = Files.list(dir.resolve("good"))) {
      file = s.filter(p -> p.toString().endsWith(".arrow")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    Path truncated =
        Files.write(
            dir.resolve("truncated.arrow"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    e =
        assertThrows(
            IOException.class,
            () -> t.listPartitions(StreamConfig.parse("file://" + truncated), allocator));
    assertTrue(
        e.getMessage().contains("truncated.arrow") && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  /**
   * Arrow files (file format, the default) whose batch declares more values than its buffers hold:
   * Arrow's file reader took the 3 longs from 8 bytes as whatever memory followed; the read refuses
   * such a batch, naming the file, the batch and the column, with nothing left allocated (the
   * test's allocator fails on close otherwise). The same layout with its 24 bytes reads back.
   */
  @Test
  void aFileBatchShorterThanItsRowsIsRefused() throws IOException {
    Schema ids = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
    Path bad =
        Files.write(
            dir.resolve("short.arrow"),
            HostileIpc.batchWithLayout(
                ids,
                3,
                new long[] {3, 0},
                new byte[][] {new byte[0], new byte[8]},
                true,
                allocator));
    Transport t = Transports.forConfig(StreamConfig.parse("file://" + dir));
    StreamConfig config = StreamConfig.parse("file://" + bad);
    IOException e;
    try (BatchSource s =
        t.openSource(config, t.listPartitions(config, allocator).get(0), 0, allocator)) {
      e = assertThrows(IOException.class, s::next);
    }
    assertTrue(
        e.getMessage()
            .contains(
                "Cannot read batch 0 of Arrow file "
                    + bad
                    + ": not a valid Arrow IPC batch: column 'id' (node 0) declares 3 values, but"
                    + " its data buffer (buffer 1) holds 8 bytes, fewer than the 24 they need"),
        e.getMessage());

    byte[] values = new byte[24];
    java.nio.ByteBuffer.wrap(values)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(7)
        .putLong(8)
        .putLong(9);
    Path sound =
        Files.write(
            dir.resolve("sound.arrow"),
            HostileIpc.batchWithLayout(
                ids, 3, new long[] {3, 0}, new byte[][] {new byte[0], values}, true, allocator));
    StreamConfig soundConfig = StreamConfig.parse("file://" + sound);
    try (BatchSource s =
        t.openSource(soundConfig, t.listPartitions(soundConfig, allocator).get(0), 0, allocator)) {
      assertTrue(s.next());
      assertEquals("[7, 8, 9]", s.root().getVector("id").toString());
      assertFalse(s.next());
    }
  }

  @Test
  void aCommitNeverReplacesAnotherWritesFile() throws IOException {
    StreamConfig config = StreamConfig.parse("file://" + dir);
    Transport t = Transports.forConfig(config);
    t.commit(config, "same", "", List.of(writePart(t, config, "same", "p1", 0, 1, 5)));
    WrittenPart second = writePart(t, config, "same", "p2", 100, 1, 5);
    IOException e =
        assertThrows(IOException.class, () -> t.commit(config, "same", "", List.of(second)));
    assertTrue(
        e.getMessage().contains("already exists")
            && e.getMessage().contains("part-same-00000-of-00001"),
        e.getMessage());
    assertEquals(
        multiset(expected(0, 5)),
        multiset(readAll(t, config)),
        "the first write's file is untouched");
  }

  @Test
  void unwritableDirectoryIsNamed() throws IOException {
    Path blocker = Files.writeString(dir.resolve("a-file"), "x");
    StreamConfig config = StreamConfig.parse("file://" + blocker + "/sub");
    Transport t = Transports.forConfig(config);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                t.openSink(config, SinkContext.of("w", "p", ""), TestBatches.SCHEMA, allocator)
                    .close());
    assertTrue(e.getMessage().contains(blocker.toString()), e.getMessage());
  }

  @Test
  void rejectsBadParameters() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transports.forConfig(StreamConfig.parse("file://" + dir + "?format=parquet")));
    assertTrue(
        e.getMessage().contains("'format'") && e.getMessage().contains("file, stream"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transports.forConfig(StreamConfig.parse("file://" + dir + "?compression=gzip")));
    assertTrue(e.getMessage().contains("none, zstd, lz4"), e.getMessage());
  }
}
