package org.datastreamio.runners;

import org.datastreamio.spi.DeliveryGuarantee;

/**
 * What the runner suite needs to use one transport: fresh stream URIs, and whatever server or peer
 * the stream needs, started by the fixture and stopped by {@link #close()}.
 */
interface RunnerFixture extends AutoCloseable {
  /** The transport's name, as {@code Transport.name()} reports it. */
  String transport();

  /** A URI for a stream nobody has written yet; {@code name} makes it readable in failures. */
  String freshStream(String name);

  /** What a reader sees after retried bundles: rows once, or rows at least once. */
  DeliveryGuarantee guarantee();

  @Override
  void close() throws Exception;
}
