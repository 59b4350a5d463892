package org.datastreamio.socket;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.PayloadBytes;
import org.datastreamio.spi.BatchSource;

/**
 * Reads from a producer that serves one Arrow IPC stream per connection: dials it {@code streams}
 * times (default once), one after the other, and reads each stream to its end-of-stream marker.
 */
final class ConnectingSource implements BatchSource {
  private final SocketSettings settings;
  private final Endpoint endpoint;
  private final BufferAllocator allocator;
  private final int expected;
  private final SchemaAgreement agreement;
  private volatile IpcStreamIn current;
  private volatile boolean cancelled;
  private int done;
  private VectorSchemaRoot root;
  private long batchBytes;

  ConnectingSource(SocketSettings settings, Endpoint endpoint, BufferAllocator allocator) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.allocator = allocator;
    this.expected = settings.streamsPerPartition(SocketRole.CONNECT);
    this.agreement = new SchemaAgreement(endpoint.uri());
  }

  private boolean openNext() throws IOException {
    if (done >= expected) {
      return false;
    }
    throwIfCancelled(null);
    SocketChannel channel = Dialer.connect(endpoint, settings.connectTimeout, settings.retry);
    String peer = "stream " + (done + 1) + " of " + expected + " from " + endpoint;
    IpcStreamIn opened = new IpcStreamIn(channel, peer, settings.idleTimeout, allocator);
    current = opened;
    if (cancelled) {
      opened.abort(); // cancelled while dialling: the read below fails at once
    }
    try {
      agreement.agree(opened.schema(), peer);
    } catch (IOException | RuntimeException e) {
      throwIfCancelled(e);
      throw e;
    }
    return true;
  }

  /** After {@link #cancel()}, says so rather than how the aborted connection failed. */
  private void throwIfCancelled(Exception cause) throws IOException {
    if (cancelled) {
      throw BatchSource.cancelledError("Reading from " + endpoint, cause);
    }
  }

  @Override
  public Schema schema() {
    try {
      if (agreement.schema() == null && current == null) {
        openNext();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    Schema schema = agreement.schema();
    return schema == null ? new Schema(List.of()) : schema;
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (current == null && !openNext()) {
        return false;
      }
      boolean loaded;
      try {
        loaded = current.next();
      } catch (IOException | RuntimeException e) {
        throwIfCancelled(e);
        throw e;
      }
      if (loaded) {
        if (root == null) {
          root = VectorSchemaRoot.create(agreement.schema(), allocator);
        }
        Batches.moveInto(current.root(), root);
        batchBytes = PayloadBytes.of(root);
        return true;
      }
      current.close();
      current = null;
      done++;
    }
  }

  @Override
  public VectorSchemaRoot root() {
    if (root == null) {
      root = VectorSchemaRoot.create(schema(), allocator);
    }
    return root;
  }

  @Override
  public long batchBytes() {
    return batchBytes;
  }

  /**
   * Cuts the connection being read, so the reading thread's wait ends; it then closes the source.
   */
  @Override
  public void cancel() {
    cancelled = true;
    IpcStreamIn reading = current;
    if (reading != null) {
      reading.abort();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (current != null) {
        current.close();
        current = null;
      }
    } finally {
      if (root != null) {
        root.close();
      }
    }
  }
}
