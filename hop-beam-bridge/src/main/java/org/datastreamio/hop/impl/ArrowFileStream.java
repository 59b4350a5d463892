package org.datastreamio.hop.impl;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.datastreamio.file.ArrowFileTransport;
import org.datastreamio.hop.plugin.DataStreamPlugin;
import org.datastreamio.hop.plugin.IDataStreamImplementation;
import org.datastreamio.spi.StreamConfig;

/**
 * Arrow IPC files under a base path (local disk, s3://, hdfs://): one file per writer, merged by
 * readers.
 */
@DataStreamPlugin(
    id = ArrowFileStream.ID,
    name = "Arrow File",
    description = "Arrow IPC files or streams under a base path on local disk, S3 or HDFS")
public class ArrowFileStream implements IDataStreamImplementation {
  public static final String ID = "ArrowFile";
  private static final String WHAT = "Arrow File data stream";

  /** A folder: /data/out, file:///data/out, s3://bucket/prefix, hdfs://namenode/path. */
  @HopMetadataProperty(key = "base_path")
  private String basePath;

  /** "file" (random access, splittable) or "stream" (Arrow IPC stream format). */
  @HopMetadataProperty(key = "format")
  private String format = "file";

  /** none, zstd or lz4. */
  @HopMetadataProperty(key = "compression")
  private String compression;

  public ArrowFileStream() {}

  public ArrowFileStream(String basePath, String format) {
    this.basePath = basePath;
    this.format = format;
  }

  @Override
  public StreamConfig toStreamConfig(IVariables variables) {
    String path =
        Settings.required(
            variables, basePath, WHAT, "base path", "/data/streams/orders or s3://bucket/orders");
    StreamConfig config = StreamConfig.parse(path);
    String fmt = Settings.choice(variables, format, WHAT, "format", "file", "stream");
    if (fmt != null) {
      config = config.withParameter(ArrowFileTransport.FORMAT, fmt);
    }
    return Settings.withCompression(config, variables, compression, WHAT);
  }

  public String getBasePath() {
    return basePath;
  }

  public void setBasePath(String basePath) {
    this.basePath = basePath;
  }

  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = format;
  }

  public String getCompression() {
    return compression;
  }

  public void setCompression(String compression) {
    this.compression = compression;
  }
}
