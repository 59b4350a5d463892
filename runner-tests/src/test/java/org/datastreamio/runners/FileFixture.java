package org.datastreamio.runners;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

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
  public Stream freshStream(String name) {
    String uri = "file://" + dir.resolve(name + "-" + streams.incrementAndGet());
    return new Stream(uri, uri, false);
  }

  @Override
  public boolean splitsOnePart() {
    return true;
  }

  @Override
  public void close() {}
}
