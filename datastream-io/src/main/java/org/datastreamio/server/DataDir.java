package org.datastreamio.server;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout of a durable server ({@code datastream serve --data-dir DIR}):
 *
 * <pre>
 * DIR/staging/part-*.arrow          parts of DoPuts not yet committed (never survive a restart)
 * DIR/streams/s-NAME/MANIFEST.json  a stream's committed parts and writes, replaced atomically
 * DIR/streams/s-NAME/part-*.arrow   its part files, renamed out of staging/ at commit
 * DIR/damaged/                      streams whose files did not match their manifest at start
 * DIR/LOCK                          locked by the running server
 * </pre>
 *
 * A commit renames its part files into the stream's directory, fsyncs that directory, then writes
 * the new manifest to a temporary file, fsyncs it, renames it over the old one and fsyncs the
 * directory again. Only then is the commit acknowledged, so a crash at any point leaves either the
 * old manifest or the new one, and every file either listed or removed at the next start.
 */
final class DataDir implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
  static final String MANIFEST = "MANIFEST.json";
  private static final String MANIFEST_TMP = MANIFEST + ".tmp";

  private final Path root;
  private final Path staging;
  private final Path streams;

  /** Held while the server runs, so a second server on the same directory refuses to start. */
  private final FileChannel lockChannel;

  private final FileLock lock;

  DataDir(Path root) throws IOException {
    this.root = root;
    this.staging = root.resolve("staging");
    this.streams = root.resolve("streams");
    try {
      OwnerOnly.directories(staging);
      OwnerOnly.directories(streams);
    } catch (IOException e) {
      throw new IOException("Cannot create the data directory " + root + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(root) || !Files.isWritable(staging) || !Files.isWritable(streams)) {
      throw new IOException("The data directory " + root + " is not writable by this user");
    }
    lockChannel =
        OwnerOnly.open(
            root.resolve("LOCK"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    FileLock held;
    try {
      held = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    }
    if (held == null) {
      lockChannel.close();
      throw new IOException(
          "The data directory "
              + root
              + " is in use by another running server (its LOCK file is"
              + " locked): stop that server, or give this one another --data-dir");
    }
    lock = held;
  }

  /**
   * Lets another server use the directory (the OS also releases the lock when the process dies).
   */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("Could not release the lock of the data directory {}: {}", root, e.getMessage());
    }
  }

  Path root() {
    return root;
  }

  /** Where DoPuts write their part files until the write commits. */
  Path staging() {
    return staging;
  }

  /** The stream's directory, created (and made durable) if new. */
  Path streamDir(String name) throws IOException {
    Path dir = streams.resolve(dirName(name));
    if (!Files.isDirectory(dir)) {
      OwnerOnly.directories(dir);
      fsync(streams);
    }
    return dir;
  }

  /** Replaces the stream's manifest atomically and durably. */
  void publish(StreamManifest manifest) throws IOException {
    Path dir = streamDir(manifest.name);
    Path tmp = dir.resolve(MANIFEST_TMP);
    try (FileChannel ch =
        OwnerOnly.open(
            tmp,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(manifest.toBytes());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(MANIFEST),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    fsync(dir);
  }

  /**
   * Makes a dropped stream's removal durable: without its manifest, its files are gone at the next
   * start.
   */
  void forget(String name) throws IOException {
    Path dir = streams.resolve(dirName(name));
    if (Files.deleteIfExists(dir.resolve(MANIFEST))) {
      fsync(dir);
    }
  }

  /** What a start found in the data directory. */
  static final class Recovery {
    final List<StreamManifest> streams = new ArrayList<>();

    /** The directory of each recovered stream, in the order of {@link #streams}. */
    final List<Path> dirs = new ArrayList<>();

    final List<String> damaged = new ArrayList<>();
    int discardedFiles;
    long discardedBytes;

    String summary(Path root) {
      long rows = 0;
      long bytes = 0;
      int parts = 0;
      for (StreamManifest m : streams) {
        for (StreamManifest.Entry e : m.parts) {
          rows += e.rows;
          bytes += e.bytes;
          parts++;
        }
      }
      return "Recovered "
          + streams.size()
          + " stream(s) from "
          + root
          + ": "
          + parts
          + " committed part(s), "
          + rows
          + " rows, "
          + bytes
          + " bytes; discarded "
          + discardedFiles
          + " file(s) ("
          + discardedBytes
          + " bytes) of uncommitted writes or torn files"
          + (damaged.isEmpty()
              ? ""
              : "; "
                  + damaged.size()
                  + " damaged stream(s) moved to "
                  + root.resolve("damaged")
                  + ": "
                  + damaged);
    }
  }

  /**
   * Reads every stream's manifest, checks each listed part file against it, and removes what no
   * manifest lists: staged parts of uncommitted writes, files renamed by a commit that crashed
   * before its manifest, torn temporary manifests, dropped streams.
   */
  Recovery recover() throws IOException {
    Recovery r = new Recovery();
    discardAll(staging, r);
    List<Path> dirs;
    try (Stream<Path> s = Files.list(streams)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    try (BufferAllocator allocator = ArrowMemory.newChild("datastream-server-recovery")) {
      for (Path dir : dirs) {
        recoverStream(dir, r, allocator);
      }
    }
    return r;
  }

  private void recoverStream(Path dir, Recovery r, BufferAllocator allocator) throws IOException {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.exists(manifestFile)) {
      discardAll(dir, r);
      Files.deleteIfExists(dir);
      return;
    }
    StreamManifest m;
    try {
      m = StreamManifest.parse(Files.readAllBytes(manifestFile));
    } catch (IOException | RuntimeException e) {
      quarantine(dir, "unreadable manifest: " + e.getMessage(), r);
      return;
    }
    Set<String> listed = new HashSet<>();
    listed.add(MANIFEST);
    for (StreamManifest.Entry e : m.parts) {
      listed.add(e.file);
      String problem = checkPart(dir.resolve(e.file), e, allocator);
      if (problem != null) {
        quarantine(dir, "stream '" + m.name + "' part " + e.id + ": " + problem, r);
        return;
      }
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.toList()) {
        if (!listed.contains(f.getFileName().toString())) {
          discard(f, r);
        }
      }
    }
    r.streams.add(m);
    r.dirs.add(dir);
  }

  /** Null when the file holds exactly the manifest's batches, else what is wrong. */
  private static String checkPart(Path file, StreamManifest.Entry e, BufferAllocator allocator) {
    if (!Files.isRegularFile(file)) {
      return "file " + file + " is missing";
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      int blocks = reader.getRecordBlocks().size();
      return blocks == e.batches
          ? null
          : "file " + file + " holds " + blocks + " batches, the manifest says " + e.batches;
    } catch (IOException | RuntimeException ex) {
      return "file " + file + " is not a complete Arrow IPC file (" + ex.getMessage() + ")";
    }
  }

  /** Keeps a stream that does not match its manifest out of service, but never deletes it. */
  private void quarantine(Path dir, String why, Recovery r) throws IOException {
    Path damaged = root.resolve("damaged");
    OwnerOnly.directories(damaged);
    Path target = damaged.resolve(dir.getFileName() + "-" + System.currentTimeMillis());
    Files.move(dir, target);
    LOG.error("Not serving a damaged stream ({}); its files were moved to {}", why, target);
    r.damaged.add(why);
  }

  private static void discardAll(Path dir, Recovery r) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.toList()) {
        discard(f, r);
      }
    }
  }

  private static void discard(Path f, Recovery r) throws IOException {
    if (Files.isDirectory(f)) {
      try (Stream<Path> walk = Files.walk(f)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          discard(p, r);
        }
      }
      return;
    }
    r.discardedFiles++;
    r.discardedBytes += Files.size(f);
    Files.delete(f);
  }

  static void fsync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** A file name for any stream name: readable when short, a hash when too long for a file name. */
  static String dirName(String name) {
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
    if (encoded.length() <= 200) {
      return "s-" + encoded;
    }
    try {
      return "h-"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
