package org.datastreamio.spi;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * An independently readable piece of a stream: a file, a Flight endpoint, a listening port. The
 * transport that listed it is the only one that interprets {@link #handle()}.
 */
public final class Partition implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Batch count of a partition whose length only reading will tell. */
  public static final long UNKNOWN = -1;

  private final String name;
  private final byte[] handle;
  private final long batchCount;
  private final long sizeBytes;
  private final boolean splittable;

  private Partition(
      String name, byte[] handle, long batchCount, long sizeBytes, boolean splittable) {
    this.name = Objects.requireNonNull(name, "name");
    this.handle = handle.clone();
    this.batchCount = batchCount;
    this.sizeBytes = sizeBytes;
    this.splittable = splittable && batchCount != UNKNOWN;
  }

  /** A partition with a known number of batches that can be read from any batch index. */
  public static Partition splittable(String name, byte[] handle, long batchCount, long sizeBytes) {
    return new Partition(name, handle, batchCount, sizeBytes, true);
  }

  /** A partition that is read from start to end by one worker. */
  public static Partition whole(String name, byte[] handle, long batchCount, long sizeBytes) {
    return new Partition(name, handle, batchCount, sizeBytes, false);
  }

  /** Human-readable: a path, an endpoint, a port. Used in every error about this partition. */
  public String name() {
    return name;
  }

  public byte[] handle() {
    return handle.clone();
  }

  /** The number of batches, or {@link #UNKNOWN}. */
  public long batchCount() {
    return batchCount;
  }

  /** Bytes, or {@link #UNKNOWN}; used for the runner's size estimates. */
  public long sizeBytes() {
    return sizeBytes;
  }

  public boolean isSplittable() {
    return splittable;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Partition)) {
      return false;
    }
    Partition p = (Partition) o;
    return name.equals(p.name)
        && Arrays.equals(handle, p.handle)
        && batchCount == p.batchCount
        && sizeBytes == p.sizeBytes
        && splittable == p.splittable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(handle), batchCount, sizeBytes, splittable);
  }

  @Override
  public String toString() {
    return name + (batchCount == UNKNOWN ? "" : " (" + batchCount + " batches)");
  }
}
