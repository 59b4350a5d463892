package org.datastreamio.cli.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.datastreamio.arrow.ArrowMemory;

/**
 * {@code raw_ipc_socket}: one Arrow IPC stream of the pre-built batches over loopback TCP, no Beam.
 */
final class RawIpcSocket implements Contender {
  @Override
  public String name() {
    return "raw_ipc_socket";
  }

  @Override
  public String description() {
    return "Arrow Java IPC stream writer to reader over a loopback TCP socket, no Beam";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("bench-raw-ipc");
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      run.startClock();
      CompletableFuture<Long> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (BufferAllocator readAllocator =
                        allocator.newChildAllocator("reader", 0, Long.MAX_VALUE);
                    Socket socket = listener.accept();
                    ArrowStreamReader reader =
                        new ArrowStreamReader(
                            new BufferedInputStream(socket.getInputStream(), 1 << 16),
                            readAllocator)) {
                  long rows = 0;
                  while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                  }
                  return rows;
                } catch (Exception e) {
                  throw new IllegalStateException(
                      "raw_ipc_socket reader failed: " + e.getMessage(), e);
                }
              });
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
          BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
          VectorSchemaRoot root = run.data.newRoot(allocator);
          ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
        VectorLoader loader = new VectorLoader(root);
        writer.start();
        for (ArrowRecordBatch batch : run.data.batches) {
          loader.load(batch);
          writer.writeBatch();
        }
        writer.end();
        out.flush();
        socket.shutdownOutput();
        return received.get();
      }
    }
  }
}
