package org.datastreamio.socket;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.CheckedStreamReader;
import org.datastreamio.arrow.InvalidBatchException;
import org.datastreamio.arrow.PlainColumns;

/**
 * Reads one Arrow IPC stream from one connection and insists that it is complete: a peer that
 * closes before the end-of-stream marker fails with a {@link TruncatedStreamException}, one that
 * sends bytes that are not Arrow with a plain IOException, each naming the peer.
 */
final class IpcStreamIn implements AutoCloseable {
  private final SocketChannel channel;
  private final String peer;
  private final StallGuard guard;
  private final IpcInputChannel input;
  private final ArrowStreamReader reader;
  private final BufferAllocator allocator;
  private long batches;
  private Schema schema;
  private boolean dictionaries;
  private VectorSchemaRoot decoded;

  IpcStreamIn(SocketChannel channel, String peer, Duration idleTimeout, BufferAllocator allocator) {
    this.channel = channel;
    this.peer = peer;
    this.allocator = allocator;
    this.guard = new StallGuard(channel, idleTimeout, "Reading the Arrow stream from " + peer);
    this.input =
        new IpcInputChannel(
            channel,
            peer,
            guard,
            () -> Math.min(IpcInputChannel.MAX_BODY, allocator.getHeadroom()));
    this.reader =
        new CheckedStreamReader(new CheckedMessageReader(input, peer, allocator), allocator);
  }

  /** The stream's schema, read from its first message; dictionary-encoded columns show as plain. */
  Schema schema() throws IOException {
    if (schema == null) {
      Schema sent;
      try {
        sent = reader.getVectorSchemaRoot().getSchema();
      } catch (Exception e) {
        throw failure(e, "its schema");
      }
      dictionaries = PlainColumns.hasDictionaries(sent);
      schema = dictionaries ? PlainColumns.plainSchema(sent, reader, peer) : sent;
    }
    return schema;
  }

  /** Loads the next batch into {@link #root()}; false after the end-of-stream marker. */
  boolean next() throws IOException {
    schema();
    boolean loaded;
    try {
      loaded = reader.loadNextBatch();
    } catch (Exception e) {
      throw failure(e, "record batch " + (batches + 1));
    }
    if (!loaded) {
      if (input.sawEof()) {
        throw new TruncatedStreamException(
            peer
                + " closed the connection after "
                + batches
                + " record batches without the end-of-stream marker: the stream is truncated (the writer failed or was stopped)."
                + " Nothing of it is taken as complete.",
            null);
      }
      return false;
    }
    batches++;
    if (dictionaries) {
      closeDecoded();
      try {
        decoded = PlainColumns.decode(reader.getVectorSchemaRoot(), schema, reader, allocator);
      } catch (RuntimeException e) {
        // e.g. indices outside the dictionary sent: the stream is not valid Arrow
        throw failure(e, "record batch " + batches);
      }
    }
    return true;
  }

  /**
   * A connection that opened and closed without a byte: a port probe or health check, not a stream.
   */
  boolean sentNothing() {
    return input.sawEof() && input.bytesRead() == 0;
  }

  /** The batch just loaded, in the columns of {@link #schema()}. */
  VectorSchemaRoot root() throws IOException {
    return dictionaries ? decoded : reader.getVectorSchemaRoot();
  }

  private void closeDecoded() {
    if (decoded != null) {
      decoded.close();
      decoded = null;
    }
  }

  long batches() {
    return batches;
  }

  /**
   * Sends the peer a short reply after its stream, best effort: a peer that has gone already (a
   * writer that closes without waiting, as pyarrow's do) is no error, its stream is complete.
   */
  void reply(byte[] bytes) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining() && channel.write(buffer) > 0) {
        // a few bytes into an empty send buffer: does not block
      }
    } catch (IOException e) {
      // the peer closed first; nothing to tell it
    }
  }

  /** Closes the connection from another thread; the reading thread then fails. */
  void abort() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is all that is wanted
    }
  }

  private IOException failure(Exception e, String reading) {
    if (e instanceof AsynchronousCloseException || e instanceof ClosedChannelException) {
      return guard.check(
          new IOException("Connection from " + peer + " was closed while reading " + reading, e));
    }
    if (sentNothing()) {
      return new IOException(
          peer + " closed the connection without sending anything: no Arrow IPC stream came", e);
    }
    if (e instanceof InvalidBatchException) {
      return new IOException(peer + " sent " + reading + ", which is " + e.getMessage(), e);
    }
    if (e instanceof IOException && e.getMessage() != null && e.getMessage().startsWith(peer)) {
      return (IOException)
          e; // the connection's own check: bytes that are not Arrow, even if the peer closed after
      // them
    }
    if (e instanceof SocketException) {
      return guard.check(
          new TruncatedStreamException(
              peer
                  + " broke off the connection in the middle of "
                  + reading
                  + " (after "
                  + batches
                  + " complete record batches: "
                  + e.getMessage()
                  + "): the stream is truncated (the writer failed or was stopped)",
              e));
    }
    if (input.sawEof()) {
      return new TruncatedStreamException(
          peer
              + " closed the connection in the middle of "
              + reading
              + " (after "
              + batches
              + " complete record batches): the stream is truncated (the writer failed or was stopped)",
          e);
    }
    return guard.check(
        new IOException(
            peer
                + " sent bytes that are not a valid Arrow IPC stream while reading "
                + reading
                + " ("
                + e
                + "). Is the peer writing Arrow IPC stream format (pyarrow.ipc.new_stream / ArrowStreamWriter)?",
            e));
  }

  @Override
  public void close() throws IOException {
    guard.close();
    closeDecoded();
    try {
      reader.close();
    } finally {
      channel.close();
    }
  }
}
