package org.datastreamio.file;

/** The two Arrow IPC layouts a file can have. */
public enum IpcFormat {
  /** The random-access file format: magic, batches, footer. Splittable by record batch. */
  FILE(".arrow"),
  /** The streaming format: schema, batches, end-of-stream marker. Read start to end. */
  STREAM(".arrows");

  private final String extension;

  IpcFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }
}
