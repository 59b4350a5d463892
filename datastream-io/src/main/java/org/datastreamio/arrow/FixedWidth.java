package org.datastreamio.arrow;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;

/**
 * Raw signed integer access to 1, 2, 4 or 8 byte wide vectors (times, timestamps, durations,
 * dates), so one writer and one reader serve every unit.
 */
final class FixedWidth {
  private FixedWidth() {}

  static long get(BaseFixedWidthVector vector, int width, int index) {
    ArrowBuf data = vector.getDataBuffer();
    switch (width) {
      case 8:
        return data.getLong((long) index * 8);
      case 4:
        return data.getInt((long) index * 4);
      case 2:
        return data.getShort((long) index * 2);
      default:
        return data.getByte(index);
    }
  }

  /**
   * Sets a value, growing the buffers like setSafe; the caller checked the value fits the width.
   */
  static void setSafe(BaseFixedWidthVector vector, int width, int index, long value) {
    while (index >= vector.getValueCapacity()) {
      vector.reAlloc();
    }
    BitVectorHelper.setBit(vector.getValidityBuffer(), index);
    ArrowBuf data = vector.getDataBuffer();
    switch (width) {
      case 8:
        data.setLong((long) index * 8, value);
        break;
      case 4:
        data.setInt((long) index * 4, (int) value);
        break;
      case 2:
        data.setShort((long) index * 2, (short) value);
        break;
      default:
        data.setByte(index, (byte) value);
    }
  }
}
