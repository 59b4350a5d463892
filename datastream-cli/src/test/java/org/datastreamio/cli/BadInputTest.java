package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.cli.CommandsTest.Run;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.HostileIpc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Careless and hostile command lines, one case a line: the exit code, what the one-line error must
 * name, what it must never show (secrets), and what must not exist afterwards. {@code DIR} in a
 * case stands for this class's temporary folder, which holds a good stream ({@code DIR/good}) and a
 * folder of Arrow files of two schemas ({@code DIR/mixed}), and folders of one damaged or foreign
 * file each ({@code DIR/f/NAME}, see {@link #damagedFiles}). {@code PEER} stands for the address of
 * a socket peer the test serves for that case alone: {@code peer(NAME, case)} names the bytes it
 * sends (see {@link #peerBytes}); the peer {@code stall} sends a schema and then nothing.
 */
@ExtendWith(ArrowLeakCheck.class)
class BadInputTest {
  @TempDir static Path dir;

  record Case(
      String name,
      String commandLine,
      int exit,
      List<String> mentions,
      List<String> never,
      List<String> absent,
      String peer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case bad(String name, String commandLine, String... mentions) {
    return new Case(name, commandLine, 1, List.of(mentions), List.of(), List.of(), null);
  }

  static Case never(Case c, String... never) {
    return new Case(c.name, c.commandLine, c.exit, c.mentions, List.of(never), c.absent, c.peer);
  }

  static Case leaves(Case c, String... absent) {
    return new Case(c.name, c.commandLine, c.exit, c.mentions, c.never, List.of(absent), c.peer);
  }

  /**
   * The case's command reads from a socket peer at PEER that sends {@code peerBytes().get(peer)}.
   */
  static Case peer(String peer, Case c) {
    return new Case(c.name, c.commandLine, c.exit, c.mentions, c.never, c.absent, peer);
  }

  /**
   * A socket read that the peer's bytes must fail, writing nothing: {@code copy} from the peer to
   * DIR/s-NAME, which must not exist afterwards.
   */
  static Case socketCopy(String name, String peer, String... mentions) {
    return peer(
        peer,
        leaves(
            bad(
                name,
                "copy --from socket://PEER?role=connect&idleTimeout=2s --to file://DIR/s-" + peer,
                mentions),
            "DIR/s-" + peer));
  }

  static Stream<Case> cases() {
    return Stream.of(
        // URIs: one meaning for reads and writes, secrets never echoed
        leaves(
            bad(
                "file URI with a host writes nowhere",
                "generate --rows 10 --to file://tmp/x/out",
                "host 'tmp'",
                "file:///tmp/x/out"),
            "/x/out"),
        bad("file URI with a host reads nowhere", "cat --from file://tmp/x/out", "host 'tmp'"),
        never(
            bad(
                "password in a Flight URI's user info",
                "cat --from flight://ops:SECRET@127.0.0.1:1/s",
                "user information",
                "passwordFile"),
            "SECRET",
            "ops:"),
        never(
            bad(
                "password in a socket URI's user info",
                "cat --from socket://user:pw0rd@127.0.0.1:9?role=connect",
                "user information"),
            "pw0rd"),
        never(
            bad(
                "password as a URI parameter",
                "cat --from flight://127.0.0.1:1/s?password=SECRET",
                "passwordFile"),
            "SECRET"),
        bad("relative file URI", "cat --from file:rel/out", "relative", "file:///"),
        bad("unclosed IPv6 bracket", "cat --from file://[bad", "host '[bad'"),
        bad("no scheme", "cat --from rel/out", "no scheme"),
        bad("control character", "cat --from file:///tmp/a\tb", "control character"),
        bad("unknown scheme", "cat --from zmq://127.0.0.1:1", "zmq", "Known schemes"),
        // parameters
        bad(
            "batchRows beyond a long",
                "generate --rows 1 --to file://DIR/o1?batchRows=99999999999999999999",
            "batchRows", "too large"),
        bad(
            "batchBytes with a bad suffix", "generate --rows 1 --to file://DIR/o2?batchBytes=12q",
            "batchBytes", "k, m or g"),
        bad(
            "batchRows zero",
            "generate --rows 1 --to file://DIR/o3?batchRows=0",
            "batchRows",
            "between"),
        bad(
            "unknown parameter",
            "generate --rows 1 --to file://DIR/o4?bogus=1",
            "Unknown parameter 'bogus'"),
        bad(
            "parameter twice",
            "generate --rows 1 --to file://DIR/o5?batchRows=1&batchRows=2",
            "given twice"),
        // files
        bad(
            "missing path fails at once",
            "cat --from file:///usr/no-such-dir-datastream",
            "No Arrow file or directory"),
        bad(
            "folder of two schemas (cat)",
            "cat --from file://DIR/mixed",
            "do not share one schema",
            "a.arrow",
            "b.arrow"),
        leaves(
            bad(
                "folder of two schemas (copy)",
                "copy --from file://DIR/mixed --to file://DIR/mixed-copy",
                "do not share one schema"),
            "DIR/mixed-copy"),
        bad(
            "copy into itself",
            "copy --from file://DIR/good --to file://DIR/good",
            "read its own output"),
        bad(
            "copy into a folder inside its source",
            "copy --from file://DIR/good --to file://DIR/good/sub",
            "read its own output"),
        // files that are not (whole) Arrow: one folder of one file each, made by damagedFiles()
        bad("empty file", "cat --from file://DIR/f/empty", "is empty", "Remove it"),
        bad(
            "CSV file",
            "cat --from file://DIR/f/csv",
            "is not Arrow IPC",
            "Point the read at Arrow files"),
        bad(
            "JSON file",
            "cat --from file://DIR/f/json",
            "is not Arrow IPC",
            "Point the read at Arrow files"),
        bad(
            "Parquet file",
            "cat --from file://DIR/f/parquet",
            "is not Arrow IPC",
            "Point the read at Arrow files"),
        bad(
            "wrong magic",
            "cat --from file://DIR/f/magic",
            "is not Arrow IPC",
            "Point the read at Arrow files"),
        bad(
            "file cut after its magic",
            "cat --from file://DIR/f/cut-magic",
            "no readable footer",
            "truncated"),
        bad(
            "file cut after its schema",
            "cat --from file://DIR/f/cut-schema",
            "no readable footer",
            "truncated"),
        bad(
            "file cut mid-body",
            "cat --from file://DIR/f/cut-mid",
            "no readable footer",
            "truncated"),
        bad(
            "file cut in its footer",
            "cat --from file://DIR/f/cut-footer",
            "no readable footer",
            "truncated"),
        bad(
            "file with a huge footer length",
            "cat --from file://DIR/f/footer-huge",
            "invalid footer length",
            "truncated"),
        bad(
            "stream file cut after its schema prefix",
            "cat --from file://DIR/f/stream-cut-prefix",
            "declares",
            "Rewrite the file"),
        bad(
            "stream file cut mid-body",
            "cat --from file://DIR/f/stream-cut-mid",
            "truncated or corrupt"),
        bad(
            "stream file with only an end marker",
            "cat --from file://DIR/f/stream-eos",
            "Missing schema",
            "truncated"),
        bad(
            "stream file declaring GBs of metadata",
            "cat --from file://DIR/f/stream-huge",
            "declares 2147483632 bytes",
            "Rewrite the file"),
        bad(
            "stream file declaring a 2^61-byte batch",
            "cat --from file://DIR/f/stream-huge-body",
            "declares a body of 2305843009213693952 bytes",
            "Rewrite the file"),
        bad(
            "stream file with a batch outside its body",
            "cat --from file://DIR/f/stream-outside-body",
            "not a valid Arrow IPC message",
            "lies outside the message body"),
        leaves(
            bad(
                "copy of a truncated file",
                "copy --from file://DIR/f/cut-mid --to file://DIR/out-cut",
                "no readable footer"),
            "DIR/out-cut"),
        leaves(
            bad(
                "copy of a CSV file",
                "copy --from file://DIR/f/csv --to file://DIR/out-csv",
                "is not Arrow IPC"),
            "DIR/out-csv"),
        // sockets: the peer's bytes fail the read with what was wrong, and nothing is written
        socketCopy(
            "socket peer sends text",
            "garbage",
            "did not send an Arrow IPC stream",
            "474554202F204854",
            "Arrow IPC stream format"),
        socketCopy(
            "socket peer sends the Arrow file format",
            "arrow-file",
            "sent the Arrow IPC file format",
            "new_stream"),
        socketCopy("socket peer sends nothing", "nothing", "without sending anything"),
        socketCopy(
            "socket stream cut at a message boundary",
            "cut-boundary",
            "after 1 record batches without the end-of-stream marker",
            "truncated"),
        socketCopy(
            "socket stream cut mid-body",
            "cut-mid-body",
            "in the middle of record batch 2",
            "truncated"),
        socketCopy(
            "socket stream cut in a length prefix",
            "cut-prefix",
            "in the middle of record batch 2",
            "truncated"),
        socketCopy(
            "socket peer declares a 2^61-byte batch",
            "huge-body",
            "declared a message body of 2305843009213693952 bytes",
            "more than this reader accepts",
            "batchRows="),
        socketCopy(
            "socket peer declares GBs of metadata",
            "huge-metadata",
            "did not send an Arrow IPC stream",
            "FFFFFFFFF0FFFF7F"),
        socketCopy(
            "socket batch outside its body",
            "outside-body",
            "which is not a valid Arrow IPC message",
            "lies outside the message body",
            "Write it again"),
        socketCopy(
            "socket garbage after a valid batch",
            "garbage-after-batch",
            "where message 3 should start",
            "corrupt"),
        socketCopy(
            "socket peer that stalls", "stall", "made no progress for 2000 ms", "idleTimeout"),
        peer(
            "garbage",
            bad(
                "cat of a socket peer sending text",
                "cat --from socket://PEER?role=connect",
                "did not send an Arrow IPC stream")),
        // command options
        bad("negative --limit", "cat --from file://DIR/good --limit -5", "--limit"),
        // the Flight server: refused at start, before anything listens
        bad(
            "serve with an empty password file",
                "serve --port 0 --user ops --password-file DIR/empty-secret",
            "--password-file", "is empty"),
        bad(
            "serve with a password file of a newline",
                "serve --port 0 --user ops --password-file DIR/newline-secret",
            "--password-file", "is empty"),
        bad(
            "serve with an empty token file",
            "serve --port 0 --token-file DIR/empty-secret",
            "--token-file",
            "is empty"),
        bad(
            "serve with a missing password file",
                "serve --port 0 --user ops --password-file DIR/no-such-secret",
            "--password-file", "not a readable file"),
        bad(
            "serve with a password but no user",
            "serve --port 0 --password-file DIR/newline-secret",
            "needs --user"),
        bad(
            "serve with a memory limit the JVM cannot give",
                "serve --port 0 --memory-limit 100000g",
            "more than this JVM can give", "MaxDirectMemorySize"),
        bad(
            "serve on a Unix socket in a missing folder",
            "serve --unix DIR/no-such-dir/s.sock",
            "does not exist"),
        bad(
            "serve on a Unix socket path that is a file",
            "serve --unix DIR/empty-secret",
            "not a socket file"),
        bad(
            "serve with TLS but no key",
            "serve --port 0 --tls-cert DIR/empty-secret",
            "--tls-key"));
  }

  @BeforeAll
  static void streams() throws IOException {
    Files.writeString(dir.resolve("empty-secret"), "");
    Files.writeString(dir.resolve("newline-secret"), "\n");
    assertEquals(
        0,
        new Run("generate", "--rows", "50", "--to", "file://" + dir + "/good", "--parallelism", "1")
            .exit);
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    try (BufferAllocator allocator = ArrowMemory.newChild("bad-input-test")) {
      writeInts(mixed.resolve("a.arrow"), "id", allocator);
      writeInts(mixed.resolve("b.arrow"), "other", allocator);
    }
  }

  /**
   * Foreign and damaged files, each alone in DIR/f/NAME/x.arrow, cut from a good file and stream.
   */
  @BeforeAll
  static void damagedFiles() throws IOException {
    byte[] file;
    byte[] stream;
    try (BufferAllocator allocator = ArrowMemory.newChild("bad-input-files")) {
      Path ref = dir.resolve("ref.arrow");
      writeInts(ref, "id", allocator);
      file = Files.readAllBytes(ref);
      Files.delete(ref);
      stream = streamOfInts(allocator);
    }
    int schemaEnd =
        8
            + 8
            + java.nio.ByteBuffer.wrap(file, 12, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
    damaged("empty", new byte[0]);
    damaged("csv", "id,name\n1,a\n2,b\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    damaged(
        "json", "{\"id\": 1, \"name\": \"a\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    damaged(
        "parquet",
        concat(
            "PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            new byte[40],
            "PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    byte[] magic = file.clone();
    magic[5] = '2';
    damaged("magic", magic);
    damaged("cut-magic", java.util.Arrays.copyOf(file, 8));
    damaged("cut-schema", java.util.Arrays.copyOf(file, schemaEnd));
    damaged("cut-mid", java.util.Arrays.copyOf(file, file.length / 2));
    damaged("cut-footer", java.util.Arrays.copyOf(file, file.length - 10));
    byte[] footer = file.clone();
    java.nio.ByteBuffer.wrap(footer, footer.length - 10, 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt(0x7ffffff0);
    damaged("footer-huge", footer);
    damaged("stream-cut-prefix", java.util.Arrays.copyOf(stream, 8));
    damaged("stream-cut-mid", java.util.Arrays.copyOf(stream, stream.length / 2 + 20));
    damaged("stream-eos", new byte[] {-1, -1, -1, -1, 0, 0, 0, 0});
    byte[] huge = new byte[72];
    java.nio.ByteBuffer.wrap(huge)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt(-1)
        .putInt(0x7ffffff0);
    damaged("stream-huge", huge);
    damaged("stream-huge-body", HostileIpc.batchDeclaringBody(1L << 61, 64));
    damaged("stream-outside-body", HostileIpc.batchOutsideItsBody());
  }

  /** What each socket peer sends: garbage, another format, valid streams cut or corrupted. */
  static java.util.Map<String, byte[]> peerBytes() throws IOException {
    byte[] stream = HostileIpc.validStream(3);
    List<Integer> ends = HostileIpc.messageEnds(stream); // schema, 3 batches, end marker
    byte[] arrowFile;
    try (BufferAllocator allocator = ArrowMemory.newChild("bad-input-peers")) {
      Path file = Files.createTempFile(dir, "peer", ".arrow");
      Files.delete(file);
      writeInts(file, "id", allocator);
      arrowFile = Files.readAllBytes(file);
      Files.delete(file);
    }
    byte[] hugeMetadata = new byte[64];
    java.nio.ByteBuffer.wrap(hugeMetadata)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt(-1)
        .putInt(0x7ffffff0);
    return java.util.Map.ofEntries(
        java.util.Map.entry(
            "garbage",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        java.util.Map.entry("arrow-file", arrowFile),
        java.util.Map.entry("nothing", new byte[0]),
        java.util.Map.entry("cut-boundary", java.util.Arrays.copyOf(stream, ends.get(1))),
        java.util.Map.entry("cut-mid-body", java.util.Arrays.copyOf(stream, ends.get(2) - 10)),
        java.util.Map.entry("cut-prefix", java.util.Arrays.copyOf(stream, ends.get(1) + 4)),
        java.util.Map.entry("huge-body", HostileIpc.batchDeclaringBody(1L << 61, 0)),
        java.util.Map.entry("huge-metadata", hugeMetadata),
        java.util.Map.entry("outside-body", HostileIpc.batchOutsideItsBody()),
        java.util.Map.entry(
            "garbage-after-batch",
            concat(
                java.util.Arrays.copyOf(stream, ends.get(1)),
                "GARBAGE!GARBAGE!".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
        java.util.Map.entry("stall", HostileIpc.schemaMessage()));
  }

  private static void damaged(String name, byte[] bytes) throws IOException {
    Files.write(Files.createDirectories(dir.resolve("f").resolve(name)).resolve("x.arrow"), bytes);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The Arrow IPC stream format of two small batches. */
  private static byte[] streamOfInts(BufferAllocator allocator) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (IntVector ids = new IntVector("id", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(ids);
        org.apache.arrow.vector.ipc.ArrowStreamWriter writer =
            new org.apache.arrow.vector.ipc.ArrowStreamWriter(root, null, out)) {
      writer.start();
      for (int batch = 0; batch < 2; batch++) {
        ids.allocateNew(3);
        for (int i = 0; i < 3; i++) {
          ids.set(i, batch * 3 + i);
        }
        ids.setValueCount(3);
        root.setRowCount(3);
        writer.writeBatch();
      }
      writer.end();
    }
    return out.toByteArray();
  }

  /** A one-column Arrow IPC file: two files with other column names are two schemas. */
  private static void writeInts(Path file, String column, BufferAllocator allocator)
      throws IOException {
    try (IntVector ids = new IntVector(column, allocator)) {
      ids.allocateNew(3);
      for (int i = 0; i < 3; i++) {
        ids.set(i, i);
      }
      ids.setValueCount(3);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(ids);
          ArrowFileWriter writer =
              new ArrowFileWriter(
                  root,
                  null,
                  Files.newByteChannel(
                      file,
                      java.nio.file.StandardOpenOption.CREATE_NEW,
                      java.nio.file.StandardOpenOption.WRITE))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @org.junit.jupiter.api.Timeout(
      120) // a serve that starts instead of failing would otherwise wait forever
  void failsClearlyAndLeavesNothing(Case c) throws IOException {
    try (SocketPeer peer =
        c.peer == null ? null : new SocketPeer(peerBytes().get(c.peer), c.peer.equals("stall"))) {
      failsClearlyAndLeavesNothing(c, peer == null ? "" : peer.address());
    }
  }

  private void failsClearlyAndLeavesNothing(Case c, String peerAddress) {
    List<String> args = new ArrayList<>();
    for (String word : c.commandLine.split(" ")) {
      args.add(word.replace("DIR", dir.toString()).replace("PEER", peerAddress));
    }
    Run run = new Run(args.toArray(new String[0]));
    String all = run.out + run.err;
    assertEquals(c.exit, run.exit, all);
    String first = run.err.lines().findFirst().orElse("");
    assertTrue(
        first.startsWith("datastream " + args.get(0) + ": error: "),
        "one-line error first: " + all);
    for (String m : c.mentions) {
      assertTrue(first.contains(m), "error should mention '" + m + "': " + first);
    }
    for (String n : c.never) {
      assertFalse(all.contains(n), "output must never show '" + n + "': " + all);
    }
    for (String path : c.absent) {
      assertFalse(
          Files.exists(Path.of(path.replace("DIR", dir.toString()))),
          path + " must not exist: " + all);
    }
    // The test report lists every case with the message a user got.
    System.out.println(
        "BadInputTest | "
            + c.name
            + " | exit "
            + run.exit
            + " | "
            + first
                .replace(dir.toString(), "DIR")
                .replace(peerAddress.isEmpty() ? "\0" : peerAddress, "PEER"));
  }

  @org.junit.jupiter.api.Test
  void caseNamesAreUnique() {
    List<String> names = cases().map(Case::toString).collect(Collectors.toList());
    assertEquals(
        names.size(), names.stream().distinct().count(), "case names are unique: " + names);
  }
}
