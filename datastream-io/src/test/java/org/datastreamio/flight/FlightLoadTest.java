package org.datastreamio.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.ServerMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 16 concurrent writers into one server under a memory cap, a second write that the cap refuses,
 * then 4 concurrent readers: every id is read exactly once and the server's memory, measured
 * outside its capped allocator, never exceeded the cap plus what the calls held in transit. Rows
 * per writer: system property {@code datastream.load.rowsPerWriter} (default 1,000,000).
 */
@ExtendWith(ArrowLeakCheck.class)
class FlightLoadTest {
  static final int WRITERS = 16;
  static final int READERS = 4;
  static final int BATCH_ROWS = 65_536;
  static final Schema SCHEMA =
      new Schema(
          List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  @AfterEach
  void closeClients() {
    FlightClientPool.closeIdleClients();
  }

  @Test
  void sixteenWritersFourReadersUnderAMemoryCap() throws Exception {
    int rowsPerWriter = Integer.getInteger("datastream.load.rowsPerWriter", 1_000_000);
    long total = (long) WRITERS * rowsPerWriter;
    // The data needs about 8.2 bytes a row (value + validity); the cap leaves a quarter on top, so
    // the first write fits and a second one of the same size must hit the cap.
    long cap = Math.max(16L << 20, total * 8 * 5 / 4 + (4L << 20));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try (ServerMemory memory = new ServerMemory();
        DataStreamFlightServer server =
            memory.measure(DataStreamFlightServer.builder()).port(0).memoryLimit(cap).start()) {
      StreamConfig config = StreamConfig.parse(server.uri("load") + "?retries=2");
      Transport t = Transports.forConfig(config);
      List<WrittenPart> parts = new ArrayList<>();
      for (Future<WrittenPart> f : writeAll(pool, t, config, "load", rowsPerWriter)) {
        parts.add(f.get(10, TimeUnit.MINUTES));
      }
      t.commit(config, "load", "", parts);

      StreamConfig second = StreamConfig.parse(server.uri("load-again") + "?retries=0");
      int refused = 0;
      for (Future<WrittenPart> f :
          writeAll(pool, Transports.forConfig(second), second, "load-again", rowsPerWriter)) {
        try {
          f.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          assertTrue(
              String.valueOf(e.getCause()).contains("RESOURCE_EXHAUSTED"), String.valueOf(e));
          refused++;
        }
      }
      assertTrue(refused > 0, "a second write as large as the first must hit the cap");

      BitSet seen = new BitSet((int) total);
      BitSet twice = new BitSet();
      AtomicLong rows = new AtomicLong();
      List<Partition> partitions = t.listPartitions(config, null);
      assertEquals(WRITERS, partitions.size());
      List<Future<?>> reads = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        reads.add(
            pool.submit(
                () -> {
                  for (int i = reader; i < partitions.size(); i += READERS) {
                    read(t, config, partitions.get(i), seen, twice, rows);
                  }
                  return null;
                }));
      }
      for (Future<?> f : reads) {
        f.get(10, TimeUnit.MINUTES);
      }
      assertEquals(total, rows.get(), "rows read");
      assertTrue(twice.isEmpty(), "ids read twice, e.g. " + twice.nextSetBit(0));
      assertEquals(
          total, seen.cardinality(), "distinct ids read; first missing: " + seen.nextClearBit(0));
      // Measured outside the capped allocator: stored batches plus what the 16 concurrent puts
      // held in transit (65,536-row batches of 520 KB, 1 MiB buffers).
      memory.assertPeakWithin(cap, WRITERS * ServerMemory.inTransitPerPut(1L << 20));
      System.out.printf(
          "load: %d writers x %d rows, %d readers, cap %d bytes, %d of %d second writers refused,"
              + " server peak %d bytes (%s)%n",
          WRITERS,
          rowsPerWriter,
          READERS,
          cap,
          refused,
          WRITERS,
          memory.peakBytes(),
          memory.childPeaks());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One write of {@link #WRITERS} concurrent parts with consecutive ids from 0. */
  private static List<Future<WrittenPart>> writeAll(
      ExecutorService pool, Transport t, StreamConfig config, String writeId, int rowsPerWriter) {
    List<Future<WrittenPart>> writes = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      long first = (long) w * rowsPerWriter;
      String partId = "writer-" + w;
      writes.add(pool.submit(() -> write(t, config, writeId, partId, first, rowsPerWriter)));
    }
    return writes;
  }

  private static WrittenPart write(
      Transport t, StreamConfig config, String writeId, String partId, long first, int count)
      throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild(partId);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BatchSink sink =
            t.openSink(config, SinkContext.of(writeId, partId, ""), SCHEMA, allocator)) {
      BigIntVector id = (BigIntVector) root.getVector(0);
      for (long start = first; start < first + count; start += BATCH_ROWS) {
        int n = (int) Math.min(BATCH_ROWS, first + count - start);
        id.allocateNew(n);
        for (int i = 0; i < n; i++) {
          id.set(i, start + i);
        }
        root.setRowCount(n);
        sink.write(root);
      }
      return sink.finish();
    }
  }

  private static void read(
      Transport t, StreamConfig config, Partition p, BitSet seen, BitSet twice, AtomicLong rows)
      throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("reader");
        BatchSource source = t.openSource(config, p, 0, allocator)) {
      while (source.next()) {
        BigIntVector id = (BigIntVector) source.root().getVector(0);
        int n = source.root().getRowCount();
        synchronized (seen) {
          for (int i = 0; i < n; i++) {
            int v = (int) id.get(i);
            if (seen.get(v)) {
              twice.set(v);
            }
            seen.set(v);
          }
        }
        rows.addAndGet(n);
      }
    }
  }
}
