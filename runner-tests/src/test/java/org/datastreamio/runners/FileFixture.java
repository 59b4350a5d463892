package org.datastreamio.runners;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.datastreamio.spi.DeliveryGuarantee;

/** Arrow IPC files in a test's temporary directory; nothing to start. */
final class FileFixture implements RunnerFixture {
  private final Path dir;
  private final AtomicInteger streams = new AtomicInteger();

  FileFixture(Path dir) {
    this.dir = dir;
  }

  @Override
  public String transport() {
    return "file";
  }

  @Override
  public String freshStream(String name) {
    return "file://" + dir.resolve(name + "-" + streams.incrementAndGet());
  }

  @Override
  public DeliveryGuarantee guarantee() {
    return DeliveryGuarantee.EXACTLY_ONCE;
  }

  @Override
  public void close() {}
}
