package org.datastreamio.hop.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.exception.HopException;

/**
 * Where Data Stream Input learns the stream's fields before reading: a schema reference or the
 * transport.
 */
public final class DataStreamLayout {
  private DataStreamLayout() {}

  /**
   * The schema of the Data Stream's schema reference (an Arrow IPC file or stream on disk) when it
   * has one, else what the transport can tell without reading (a file footer, Flight GetSchema).
   */
  public static Optional<Schema> discover(DataStreamConnection connection, String schemaReference)
      throws HopException {
    if (schemaReference != null) {
      return Optional.of(readSchema(Path.of(schemaReference), connection.allocator()));
    }
    try {
      return connection.transport().discoverSchema(connection.config(), connection.allocator());
    } catch (Exception e) {
      throw connection.failure("learn the fields of", e);
    }
  }

  static Schema readSchema(Path file, BufferAllocator allocator) throws HopException {
    try (SeekableByteChannel channel = Files.newByteChannel(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      return reader.getVectorSchemaRoot().getSchema();
    } catch (IOException | RuntimeException notAFile) {
      try (InputStream in = Files.newInputStream(file);
          ArrowStreamReader reader = new ArrowStreamReader(Channels.newChannel(in), allocator)) {
        return reader.getVectorSchemaRoot().getSchema();
      } catch (IOException | RuntimeException e) {
        throw new HopException(
            "The schema reference "
                + file
                + " is not a readable Arrow IPC file or stream: "
                + e.getMessage()
                + ". Point it at an .arrow/.arrows file holding the stream's schema, or clear it.",
            e);
      }
    }
  }
}
