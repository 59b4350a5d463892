package org.datastreamio.spi;

import java.util.Set;

/** Parameters every transport accepts; DataStreamIO handles them in one place. */
public final class CommonParameters {
  private CommonParameters() {}

  /** Rows per record batch (default {@value #DEFAULT_BATCH_ROWS}). */
  public static final String BATCH_ROWS = "batchRows";

  /** Arrow payload bytes per record batch, e.g. {@code 8m} (default 64 MiB). */
  public static final String BATCH_BYTES = "batchBytes";

  public static final int DEFAULT_BATCH_ROWS = 65_536;
  public static final long DEFAULT_BATCH_BYTES = 64L << 20;

  public static final Set<String> ALL = Set.of(BATCH_ROWS, BATCH_BYTES);

  public static int batchRows(StreamConfig config) {
    return config.intParameter(BATCH_ROWS, DEFAULT_BATCH_ROWS, 1, 100_000_000);
  }

  public static long batchBytes(StreamConfig config) {
    return config.longParameter(BATCH_BYTES, DEFAULT_BATCH_BYTES, 1024, Integer.MAX_VALUE);
  }
}
