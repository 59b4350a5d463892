package org.datastreamio.file;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.datastreamio.arrow.CheckedFileReader;
import org.datastreamio.arrow.CheckedStreamReader;
import org.datastreamio.arrow.PayloadBytes;
import org.datastreamio.spi.BatchSource;

/**
 * Reads one Arrow file from a batch index on. The file format seeks straight to the batch through
 * the footer; the stream format reads and drops the batches before it.
 */
final class IpcFileSource implements BatchSource {
  private final ResourceId file;
  private final ArrowReader reader;
  private final List<ArrowBlock> blocks; // file format only
  private long nextBatch;

  private IpcFileSource(
      ResourceId file, ArrowReader reader, List<ArrowBlock> blocks, long fromBatch) {
    this.file = file;
    this.reader = reader;
    this.blocks = blocks;
    this.nextBatch = fromBatch;
  }

  static IpcFileSource open(
      ResourceId file, IpcFormat format, long fromBatch, BufferAllocator allocator)
      throws IOException {
    ReadableByteChannel channel;
    try {
      channel = FileSystems.open(file);
    } catch (IOException | RuntimeException e) {
      throw new IOException("Cannot open Arrow file " + file + ": " + e.getMessage(), e);
    }
    ArrowReader reader = null;
    try {
      if (format == IpcFormat.FILE) {
        if (!(channel instanceof SeekableByteChannel)) {
          throw new IOException(
              "The file system of "
                  + file
                  + " cannot seek, which the Arrow file format needs;"
                  + " write such files with format=stream instead");
        }
        SeekableByteChannel seekable =
            HeapCopyingChannel.forScheme(file.getScheme(), (SeekableByteChannel) channel);
        ArrowFileReader fileReader = new CheckedFileReader(seekable, allocator);
        reader = fileReader;
        List<ArrowBlock> blocks = footer(file, fileReader);
        if (fromBatch > blocks.size()) {
          throw new IOException(
              "Arrow file "
                  + file
                  + " has "
                  + blocks.size()
                  + " batches; cannot start at batch "
                  + fromBatch);
        }
        return new IpcFileSource(file, fileReader, blocks, fromBatch);
      }
      ArrowStreamReader streamReader;
      if (channel instanceof SeekableByteChannel) {
        SeekableByteChannel in =
            HeapCopyingChannel.forScheme(file.getScheme(), (SeekableByteChannel) channel);
        streamReader =
            new CheckedStreamReader(
                new BoundedMessageReader(in, file.toString(), allocator), allocator);
      } else {
        streamReader =
            new CheckedStreamReader(
                new MessageChannelReader(new ReadChannel(channel), allocator), allocator);
      }
      reader = streamReader;
      streamReader.getVectorSchemaRoot(); // reads the schema message: fails early on garbage
      IpcFileSource source = new IpcFileSource(file, streamReader, null, 0);
      for (long i = 0; i < fromBatch; i++) {
        if (!source.next()) {
          throw new IOException(
              "Arrow stream file "
                  + file
                  + " has "
                  + i
                  + " batches; cannot start at batch "
                  + fromBatch);
        }
      }
      return source;
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        closeQuietly(reader);
      } else {
        channel.close();
      }
      if (e instanceof IOException
          && e.getMessage() != null
          && e.getMessage().contains(file.toString())) {
        throw (IOException) e;
      }
      throw new IOException(
          "Arrow file "
              + file
              + " cannot be read: "
              + e.getMessage()
              + ". It may be truncated, still being written, or not Arrow IPC.",
          e);
    }
  }

  /**
   * The record blocks listed in a file's footer; a missing or broken footer means a truncated file.
   */
  static List<ArrowBlock> footer(ResourceId file, ArrowFileReader reader) throws IOException {
    try {
      return reader.getRecordBlocks();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "Arrow file "
              + file
              + " has no readable footer ("
              + e.getMessage()
              + "): it is truncated, still being written, or not in the Arrow file format."
              + " Arrow stream files can be read too; they start with a schema message instead of ARROW1.",
          e);
    }
  }

  /** The number of record batches (file format: from the footer). */
  long batchCount() {
    if (blocks == null) {
      throw new IllegalStateException(
          "Arrow stream file " + file + " has no footer to count batches from");
    }
    return blocks.size();
  }

  @Override
  public Schema schema() {
    try {
      return reader.getVectorSchemaRoot().getSchema();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the schema of Arrow file " + file, e);
    }
  }

  @Override
  public boolean next() throws IOException {
    try {
      if (blocks != null) {
        if (nextBatch >= blocks.size()) {
          return false;
        }
        ((ArrowFileReader) reader).loadRecordBatch(blocks.get((int) nextBatch));
        nextBatch++;
        return true;
      }
      boolean loaded = reader.loadNextBatch();
      if (loaded) {
        nextBatch++;
      }
      return loaded;
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "Cannot read batch "
              + nextBatch
              + " of Arrow file "
              + file
              + ": "
              + e.getMessage()
              + ". The file may be truncated or corrupt.",
          e);
    }
  }

  @Override
  public VectorSchemaRoot root() {
    try {
      return reader.getVectorSchemaRoot();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the schema of Arrow file " + file, e);
    }
  }

  @Override
  public long batchBytes() {
    return PayloadBytes.of(root());
  }

  @Override
  public DictionaryProvider dictionaries() {
    return reader;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static void closeQuietly(ArrowReader reader) {
    try {
      reader.close();
    } catch (IOException | RuntimeException ignored) {
      // already failing; the first error is the one to report
    }
  }
}
