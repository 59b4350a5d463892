package org.datastreamio.socket;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.arrow.PayloadBytes;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.WrittenPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one bundle as one complete Arrow IPC stream over one connection. The connection is dialled
 * (role=connect) or accepted from the first consumer that dials in (role=listen); {@link #abort()}
 * closes it without the end-of-stream marker, so the reader sees a truncated stream and fails
 * instead of taking a partial bundle as complete.
 *
 * <p>{@link #finish()} returns only after the reader closed its side, which a reader does once it
 * has read the end-of-stream marker: a reader that resets the connection instead (a listener that
 * closed with this connection still in its backlog) fails the bundle rather than losing it
 * silently.
 */
final class SocketSink implements BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(SocketSink.class);

  /** Produces the connection this sink writes to; called once, at the first write or at finish. */
  @FunctionalInterface
  interface Connection {
    SocketChannel open() throws IOException;
  }

  private final Endpoint endpoint;
  private final String windowTag;
  private final Schema schema;
  private final SocketSettings settings;
  private final Connection connection;
  private final Listener listener;
  private SocketChannel channel;
  private StallGuard guard;
  private IpcStreamOut out;
  private long rows;
  private long batches;
  private long bytes;
  private boolean done;

  SocketSink(
      Endpoint endpoint,
      String windowTag,
      Schema schema,
      SocketSettings settings,
      Connection connection,
      Listener listener) {
    this.endpoint = endpoint;
    this.windowTag = windowTag;
    this.schema = schema;
    this.settings = settings;
    this.connection = connection;
    this.listener = listener;
  }

  /** Opens the connection and sends the schema. */
  void open() throws IOException {
    if (out != null) {
      return;
    }
    channel = connection.open();
    guard =
        new StallGuard(channel, settings.idleTimeout, "Sending the Arrow stream to " + endpoint);
    out =
        new IpcStreamOut(
            channel, guard, IpcCompression.factory().createCodec(settings.compression.codecType()));
    try {
      out.start(schema);
    } catch (IOException e) {
      throw sendFailure(e, "the schema");
    }
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    if (done) {
      throw new IllegalStateException(
          "Socket sink for " + endpoint + " is already finished or aborted");
    }
    if (!batch.getSchema().getFields().equals(schema.getFields())) {
      throw new IllegalArgumentException(
          "A batch written to "
              + endpoint
              + " has schema "
              + batch.getSchema()
              + " but the stream was opened with "
              + schema);
    }
    open();
    try {
      out.write(batch);
    } catch (IOException e) {
      throw sendFailure(e, "record batch " + (batches + 1));
    }
    batches++;
    rows += batch.getRowCount();
    bytes += PayloadBytes.of(batch);
  }

  @Override
  public WrittenPart finish() throws IOException {
    if (done) {
      throw new IllegalStateException(
          "Socket sink for " + endpoint + " is already finished or aborted");
    }
    open();
    try {
      out.end();
      // Half-close so the reader sees the end right away.
      channel.shutdownOutput();
    } catch (IOException e) {
      throw sendFailure(e, "the end-of-stream marker");
    }
    String reply;
    try {
      reply = out.awaitReaderClose();
    } catch (IOException e) {
      IOException cause = out.failure(e);
      throw new IOException(
          "The reader at "
              + endpoint
              + " did not confirm the stream: "
              + cause.getMessage()
              + (cause == e
                  ? ". It closed the connection without reading to the end (it already had its 'streams', failed,"
                      + " or was stopped), so this bundle's rows may not have arrived."
                  : ""),
          cause);
    }
    done = true;
    return WrittenPart.of(
        EndOfWrite.partLocation(endpoint, reply), windowTag, rows, batches, bytes);
  }

  @Override
  public void abort() {
    done = true;
    try {
      close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing aborted socket sink for {}: {}", endpoint, e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    done = true;
    try {
      if (guard != null) {
        guard.close();
      }
      if (channel != null) {
        channel.close();
      }
    } finally {
      if (listener != null) {
        listener.close();
      }
    }
  }

  private IOException sendFailure(IOException e, String what) {
    IOException cause = out == null ? e : out.failure(e);
    return new IOException(
        "Sending "
            + what
            + " to "
            + endpoint
            + " failed: "
            + cause.getMessage()
            + (cause == e
                ? ". The reader closed the connection or went away; its own error says why."
                : ""),
        cause);
  }
}
