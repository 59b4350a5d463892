package org.datastreamio.runners;

import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;

/**
 * What the runner suite needs to use one transport: fresh streams, and whatever server the stream
 * needs, started by the fixture and stopped by {@link #close()}.
 */
interface RunnerFixture extends AutoCloseable {
  /** The transport's name, as {@code Transport.name()} reports it. */
  String transport();

  /** A stream nobody has written yet; {@code name} makes it readable in failures. */
  Stream freshStream(String name);

  /**
   * Whether one written part is a partition the read splits into batch ranges (files, Flight
   * endpoints). Socket partitions are ports: a port range is read in parallel, one port per worker.
   */
  boolean splitsOnePart();

  @Override
  void close() throws Exception;

  /**
   * Where a pipeline writes and where another reads the same rows. A stream that holds no data by
   * itself (a socket) is read while it is written: {@link #readWhileWriting} starts the reader
   * first.
   */
  record Stream(String writeUri, String readUri, boolean readWhileWriting) {
    DeliveryGuarantee guarantee() {
      StreamConfig config = StreamConfig.parse(writeUri);
      return Transports.forConfig(config).deliveryGuarantee(config);
    }
  }
}
