package org.datastreamio.arrow;

import java.util.Locale;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.datastreamio.spi.StreamConfig;

/**
 * Arrow IPC body compression for every transport that writes IPC (files, sockets): chosen with the
 * {@code compression=none|zstd|lz4} parameter when writing; readers detect it from the data.
 */
public enum IpcCompression {
  NONE(CompressionUtil.CodecType.NO_COMPRESSION),
  ZSTD(CompressionUtil.CodecType.ZSTD),
  LZ4(CompressionUtil.CodecType.LZ4_FRAME);

  public static final String PARAMETER = "compression";

  private final CompressionUtil.CodecType codecType;

  IpcCompression(CompressionUtil.CodecType codecType) {
    this.codecType = codecType;
  }

  public CompressionUtil.CodecType codecType() {
    return codecType;
  }

  public static IpcCompression from(StreamConfig config) {
    return config.enumParameter(PARAMETER, IpcCompression.class, NONE);
  }

  /** For writers and readers alike: it decompresses whatever codec a peer used. */
  public static CompressionCodec.Factory factory() {
    return FACTORY;
  }

  // The commons factory knows only the real codecs; "none" is Arrow's no-op codec.
  private static final CompressionCodec.Factory FACTORY =
      new CompressionCodec.Factory() {
        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType codecType) {
          return codecType == CompressionUtil.CodecType.NO_COMPRESSION
              ? NoCompressionCodec.INSTANCE
              : CommonsCompressionFactory.INSTANCE.createCodec(codecType);
        }

        @Override
        public CompressionCodec createCodec(
            CompressionUtil.CodecType codecType, int compressionLevel) {
          return codecType == CompressionUtil.CodecType.NO_COMPRESSION
              ? NoCompressionCodec.INSTANCE
              : CommonsCompressionFactory.INSTANCE.createCodec(codecType, compressionLevel);
        }
      };

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
