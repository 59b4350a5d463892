package org.datastreamio.hop.metadata;

/**
 * Which transforms may use a Data Stream: a guard against writing into a stream meant to be read.
 */
public enum DataStreamDirection {
  /** Data Stream Output only. */
  WRITE,
  /** Data Stream Input only. */
  READ,
  /** Both transforms. */
  BOTH;

  public boolean allowsWrite() {
    return this != READ;
  }

  public boolean allowsRead() {
    return this != WRITE;
  }
}
