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
  private IpcStreamIn current;
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
    SocketChannel channel = Dialer.connect(endpoint, settings.connectTimeout, settings.retry);
    String peer = "stream " + (done + 1) + " of " + expected + " from " + endpoint;
    current = new IpcStreamIn(channel, peer, settings.idleTimeout, allocator);
    agreement.agree(current.schema(), peer);
    return true;
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
      if (current.next()) {
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
