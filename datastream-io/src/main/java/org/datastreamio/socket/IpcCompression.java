package org.datastreamio.socket;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/** Body compression of the record batches a socket sink sends; readers handle any of them. */
enum IpcCompression {
  NONE,
  ZSTD,
  LZ4;

  CompressionCodec codec() {
    switch (this) {
      case ZSTD:
        return CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.ZSTD);
      case LZ4:
        return CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.LZ4_FRAME);
      default:
        return NoCompressionCodec.INSTANCE;
    }
  }
}
