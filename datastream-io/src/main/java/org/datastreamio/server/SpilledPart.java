package org.datastreamio.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.CheckedFileReader;
import org.datastreamio.spi.OwnerMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part kept in an Arrow IPC file, under the spill directory or the data directory: written batch
 * by batch as the DoPut arrives, read from any batch through the file's footer, deleted when the
 * part is released (unless the server is only closing and the file is durable).
 */
final class SpilledPart extends StoredPart {
  private static final Logger LOG = LoggerFactory.getLogger(SpilledPart.class);

  private final Path file;
  private final int batches;
  private final long rows;
  private final long bytes;
  private final long fileBytes;

  /** Where the file's bytes are counted; given back when the file is deleted. */
  private final DiskBudget budget;

  /** Set when the server closes: a durable part's file outlives the process. */
  private volatile boolean keepFile;

  private SpilledPart(String id, Path file, int batches, long rows, long bytes, DiskBudget budget) {
    super(id);
    this.budget = budget;
    this.file = file;
    this.batches = batches;
    this.rows = rows;
    this.bytes = bytes;
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = 0; // only a figure for stats
    }
    this.fileBytes = size;
  }

  /** Writes a DoPut's batches into a new spill file. */
  static final class Writer {
    private final String id;
    private final Path file;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private final DiskBudget budget;

    /** Bytes of the file reserved in the budget so far. */
    private long reserved;

    private int batches;
    private long rows;
    private long bytes;

    Writer(String id, Path dir, VectorSchemaRoot root, DiskBudget budget) throws IOException {
      this.id = id;
      this.budget = budget;
      // Named after this process, so a later server can tell a dead one's leftovers.
      this.file = Files.createTempFile(dir, "part-" + OwnerMark.current() + "-", ".arrow");
      this.channel =
          FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      this.writer = new ArrowFileWriter(root, null, channel);
      writer.start();
      account();
    }

    /**
     * Reserves what the file grew by; past the limit the write fails (and abort gives it all back).
     */
    private void account() throws IOException {
      long size = channel.position();
      budget.reserve(size - reserved);
      reserved = size;
    }

    /** Appends the root's current batch. */
    void write(VectorSchemaRoot root) throws IOException {
      writer.writeBatch();
      account();
      batches++;
      rows += root.getRowCount();
      for (FieldVector v : root.getFieldVectors()) {
        bytes += v.getBufferSize();
      }
    }

    /** Ends the file; with {@code durable} its bytes are on disk (fsync) before this returns. */
    SpilledPart finish(boolean durable) throws IOException {
      writer.end();
      account();
      if (durable) {
        channel.force(true);
      }
      writer.close();
      channel.close();
      return new SpilledPart(id, file, batches, rows, bytes, budget);
    }

    /** Removes the half-written file; must not throw. */
    void abort() {
      try {
        writer.close();
        channel.close();
      } catch (IOException | RuntimeException e) {
        // already broken
      }
      delete(file);
      budget.release(reserved);
    }
  }

  /** A committed part found in the data directory at start. */
  static SpilledPart recovered(
      String id, Path file, int batches, long rows, long bytes, DiskBudget budget) {
    SpilledPart p = new SpilledPart(id, file, batches, rows, bytes, budget);
    budget.add(p.fileBytes);
    return p;
  }

  Path file() {
    return file;
  }

  /**
   * Renames the file into {@code dir} (same file system, atomic) and returns the part there. Only
   * for a part nobody else holds (a staged one): this object must not be used or released
   * afterwards.
   */
  SpilledPart moveTo(Path dir) throws IOException {
    Path target = dir.resolve(file.getFileName());
    Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new SpilledPart(id(), target, batches, rows, bytes, budget);
  }

  /** The file stays when the last reference goes (server shutdown of a durable store). */
  void keepFile() {
    keepFile = true;
  }

  @Override
  long fileBytes() {
    return fileBytes;
  }

  @Override
  int batchCount() {
    return batches;
  }

  @Override
  long rows() {
    return rows;
  }

  @Override
  long bytes() {
    return bytes;
  }

  /**
   * Each batch is read from the file into a new buffer: held by gRPC until sent, those would pile
   * up towards a slow reader beyond the server's memory limit. A copy lets each go at once.
   */
  @Override
  boolean sendsWithoutCopy() {
    return false;
  }

  @Override
  Cursor open(Schema schema, BufferAllocator allocator) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    ArrowFileReader reader = new CheckedFileReader(channel, allocator);
    List<ArrowBlock> blocks;
    try {
      blocks = reader.getRecordBlocks();
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return new Cursor() {
      @Override
      public VectorSchemaRoot root() {
        try {
          return reader.getVectorSchemaRoot();
        } catch (IOException e) {
          throw new IllegalStateException(
              "Spill file " + file + " is unreadable: " + e.getMessage(), e);
        }
      }

      @Override
      public void load(int i) throws IOException {
        reader.loadRecordBatch(blocks.get(i));
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  @Override
  void free() {
    if (!keepFile) {
      delete(file);
      budget.release(fileBytes);
    }
  }

  /**
   * Deletes the part files in {@code dir} that a server process which died (SIGKILL, a crash) left:
   * nothing else would ever remove them. Files of live processes and unmarked files stay.
   */
  static void removeDeadServersFiles(Path dir) throws IOException {
    List<Path> dead;
    try (Stream<Path> files = Files.list(dir)) {
      dead =
          files
              .filter(
                  f -> {
                    String name = f.getFileName().toString();
                    return name.startsWith("part-")
                        && name.endsWith(".arrow")
                        && OwnerMark.ofDeadProcess(name);
                  })
              .toList();
    }
    if (!dead.isEmpty()) {
      LOG.info("Removing {} part files in {} left by servers that died", dead.size(), dir);
      dead.forEach(SpilledPart::delete);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete spill file {}: {}", file, e.getMessage());
    }
  }
}
