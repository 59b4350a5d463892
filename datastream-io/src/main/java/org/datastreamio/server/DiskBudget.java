package org.datastreamio.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of part files the server may keep on disk ({@code --max-disk}): every file's bytes are
 * reserved as they are written and given back when the file is deleted, so a write that would pass
 * the limit fails before the disk really fills, and the committed streams stay readable.
 */
final class DiskBudget {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  DiskBudget(long max) {
    this.max = max;
  }

  /** The limit was reached: the write that asked fails, nothing else does. */
  static final class ExceededException extends IOException {
    ExceededException(String message) {
      super(message);
    }
  }

  void reserve(long bytes) throws ExceededException {
    while (true) {
      long now = used.get();
      if (now + bytes > max) {
        throw new ExceededException(
            "the server's disk limit of "
                + max
                + " bytes (--max-disk) is reached: "
                + now
                + " bytes of part files are on disk and "
                + bytes
                + " more were needed");
      }
      if (used.compareAndSet(now, now + bytes)) {
        return;
      }
    }
  }

  /** Counts files found at start, which are there whatever the limit. */
  void add(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
