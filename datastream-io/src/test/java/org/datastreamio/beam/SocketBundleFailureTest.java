package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write bundle to a socket that does not finish must break its connection off without the
 * end-of-stream marker, so the reader sees a truncated stream, never a short one that looks
 * complete: whether the write step itself throws, or the runner abandons the bundle (another step
 * of the fused stage threw) and starts the next bundle or tears the DoFn down. Real sockets, a real
 * listening read.
 */
@ExtendWith(ArrowLeakCheck.class)
@Timeout(60)
class SocketBundleFailureTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("name", Schema.FieldType.STRING)
          .build();
  private static final int BATCH_ROWS = 10;

  /** Two full batches are sent; five rows are still buffered when the bundle fails. */
  private static final int ROWS_BEFORE_FAILURE = 25;

  private static Row row(long id) {
    return Row.withSchema(SCHEMA).addValues(id, "row-" + id).build();
  }

  /**
   * Listens on a port, writes {@link #ROWS_BEFORE_FAILURE} rows in one bundle of a WriteRowsFn,
   * lets {@code failure} end that bundle some way other than finishing it, and checks what the
   * reader got: the two sent batches, then a truncated stream (the idle timeout would name a
   * stalled one instead).
   */
  private static void assertBrokenOff(Consumer<WriteRowsFn> failure) throws Exception {
    int port = LoopbackPorts.next();
    String uri = "socket://127.0.0.1:" + port;
    StreamConfig readConfig = StreamConfig.parse(uri + "?streams=1&idleTimeout=10s");
    Transport transport = Transports.forConfig(readConfig);
    try (BufferAllocator allocator = ArrowMemory.newChild("SocketBundleFailureTest");
        BatchSource source =
            transport.openSource(
                readConfig, transport.listPartitions(readConfig, allocator).get(0), 0, allocator)) {
      WriteRowsFn fn =
          new WriteRowsFn(StreamConfig.parse(uri + "?batchRows=" + BATCH_ROWS), "write-1", SCHEMA);
      fn.setup();
      try {
        fn.startBundle();
        for (long id = 0; id < ROWS_BEFORE_FAILURE; id++) {
          fn.processElement(row(id), GlobalWindow.INSTANCE, null);
        }
        List<Long> got = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
          assertTrue(source.next(), "batch " + (b + 1) + " arrives before the bundle fails");
          BigIntVector ids = (BigIntVector) source.root().getVector("id");
          for (int i = 0; i < ids.getValueCount(); i++) {
            got.add(ids.get(i));
          }
        }
        assertEquals(LongStream.range(0, 2 * BATCH_ROWS).boxed().collect(Collectors.toList()), got);
        failure.accept(fn);
        IOException e = assertThrows(IOException.class, source::next);
        assertTrue(
            e.getMessage()
                .contains(
                    "closed the connection after 2 record batches without the end-of-stream marker"),
            "the reader sees the stream truncated, not stalled or complete: " + e.getMessage());
      } finally {
        fn.teardown();
      }
    }
  }

  @Test
  void writeStepThatThrowsBreaksOffItsStream() throws Exception {
    Row notOfTheSchema =
        Row.withSchema(Schema.builder().addInt64Field("id").build()).addValue(99L).build();
    assertBrokenOff(
        fn ->
            assertThrows(
                RuntimeException.class,
                () -> fn.processElement(notOfTheSchema, GlobalWindow.INSTANCE, null)));
  }

  @Test
  void bundleAbandonedByTheRunnerIsBrokenOffAtTheNextBundle() throws Exception {
    assertBrokenOff(WriteRowsFn::startBundle);
  }

  @Test
  void bundleAbandonedByTheRunnerIsBrokenOffAtTeardown() throws Exception {
    assertBrokenOff(WriteRowsFn::teardown);
  }
}
