package org.datastreamio.arrow;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Guards a non-nullable Beam field read from a nullable Arrow field: a null there fails, naming
 * both.
 */
final class NotNullReader extends FieldReader {
  private final FieldReader inner;
  private final String path;

  NotNullReader(FieldReader inner, String path) {
    this.inner = inner;
    this.path = path;
  }

  @Override
  void startBatch() {
    inner.startBatch();
  }

  @Override
  @Nullable Object read(int index) {
    Object value = inner.read(index);
    if (value == null) {
      throw new ValueFitException(
          "Arrow field '"
              + path
              + "' holds null at row "
              + index
              + " but the Beam field is not nullable; make the Beam field nullable or fill the nulls");
    }
    return value;
  }
}
