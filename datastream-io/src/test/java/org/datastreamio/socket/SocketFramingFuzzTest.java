package org.datastreamio.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.datastreamio.arrow.ArrowMemory;
import org.junit.jupiter.api.Assertions;

/**
 * Property-based fuzzing of the socket framing reader ({@link IpcStreamIn} over a real loopback
 * connection): whatever bytes a peer sends, the read gives rows or an IOException with a message
 * (not Arrow, truncated, corrupt), never another exception, a hang, a heap-sized allocation or a
 * leaked buffer.
 *
 * <p>Not in the default suite: it runs with {@code -Pfuzz} and fails there until its two findings
 * are fixed: a batch whose declared body length is ~2^61 bytes ends the test JVM ('Unable to
 * allocate ...': the body length is not bounded like the metadata length), and a refused corrupt
 * batch leaves its 64-byte body buffer allocated.
 */
class SocketFramingFuzzTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static ServerSocketChannel server;
  private static byte[] valid;

  @BeforeContainer
  static void listen() throws IOException {
    server =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    valid = validStream();
  }

  @AfterContainer
  static void stop() throws IOException {
    server.close();
  }

  /** A real stream of three batches: the base the mutations start from. */
  private static byte[] validStream() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BufferAllocator allocator = ArrowMemory.newChild("fuzz-valid");
        BigIntVector ids = new BigIntVector("id", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(ids);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      for (int b = 0; b < 3; b++) {
        ids.allocateNew(4);
        for (int i = 0; i < 4; i++) {
          ids.set(i, b * 4L + i);
        }
        ids.setValueCount(4);
        root.setRowCount(4);
        writer.writeBatch();
      }
      writer.end();
    }
    return out.toByteArray();
  }

  /**
   * Random bytes, and a valid stream cut, with bytes overwritten (length prefixes included) or
   * both.
   */
  @Provide
  Arbitrary<byte[]> peerBytes() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000).list().ofMaxSize(4),
                Arbitraries.bytes().list().ofMinSize(4).ofMaxSize(4))
            .as(
                (cut, at, with) -> {
                  byte[] b =
                      java.util.Arrays.copyOf(valid, valid.length - cut % (valid.length + 1));
                  for (int i = 0; i < at.size() && b.length > 0; i++) {
                    b[at.get(i) % b.length] = with.get(i);
                  }
                  return b;
                });
    Arbitrary<byte[]> hugePrefix =
        Arbitraries.integers()
            .map(
                length ->
                    ByteBuffer.allocate(16)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putInt(-1)
                        .putInt(length)
                        .array());
    return Arbitraries.oneOf(random, mutated, hugePrefix);
  }

  @Property
  void anyBytesGiveRowsOrANamedIOException(@ForAll("peerBytes") byte[] bytes) {
    Assertions.assertTimeoutPreemptively(
        BOUND,
        () -> {
          BufferAllocator allocator = ArrowMemory.newChild("fuzz");
          try {
            read(bytes, allocator);
          } finally {
            // Leaks are the next property's: here only the outcome counts.
            try {
              allocator.close();
            } catch (IllegalStateException leaked) {
              // see corruptBatchesLeakNothing
            }
          }
        });
  }

  /**
   * Finding of this fuzzer (shrunk: a valid schema message, then a record batch message whose
   * buffer list does not fit its body): Arrow's ArrowStreamReader leaves the body buffer (64 bytes)
   * allocated when it refuses such a batch. Off until the reader releases it; run it with
   * -Dtest=... to see it.
   */
  @Property
  @net.jqwik.api.Disabled(
      "finding: a refused corrupt batch leaves its body buffer allocated (ArrowStreamReader.loadNextBatch)")
  void corruptBatchesLeakNothing(@ForAll("peerBytes") byte[] bytes) {
    Assertions.assertTimeoutPreemptively(
        BOUND,
        () -> {
          try (BufferAllocator allocator = ArrowMemory.newChild("fuzz")) {
            read(bytes, allocator);
          }
        });
  }

  private static void read(byte[] bytes, BufferAllocator allocator) throws IOException {
    try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel conn = server.accept()) {
      // Small enough for the socket buffer: written whole before the read starts.
      client.write(ByteBuffer.wrap(bytes));
      client.shutdownOutput();
      try (IpcStreamIn in =
          new IpcStreamIn(conn, "connection 1 from fuzz", Duration.ofSeconds(5), allocator)) {
        long rows = 0;
        while (in.next()) {
          rows += in.root().getRowCount();
        }
        if (java.util.Arrays.equals(bytes, valid)) {
          assertEquals(12, rows);
        }
      } catch (IOException expected) {
        String m = expected.getMessage();
        assertFalse(m == null || m.isBlank(), "an IOException with a message");
        assertTrue(m.contains("connection 1 from fuzz"), "the message names the peer: " + m);
      }
    }
  }

  @Property(tries = 1)
  void theUnmutatedStreamGivesItsRows() throws IOException {
    try (BufferAllocator allocator = ArrowMemory.newChild("fuzz");
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel conn = server.accept()) {
      client.write(ByteBuffer.wrap(valid));
      client.shutdownOutput();
      try (IpcStreamIn in =
          new IpcStreamIn(conn, "connection 1", Duration.ofSeconds(5), allocator)) {
        List<Long> ids = new java.util.ArrayList<>();
        while (in.next()) {
          BigIntVector v = (BigIntVector) in.root().getVector("id");
          for (int i = 0; i < v.getValueCount(); i++) {
            ids.add(v.get(i));
          }
        }
        assertEquals(java.util.stream.LongStream.range(0, 12).boxed().toList(), ids);
      }
    }
  }
}
