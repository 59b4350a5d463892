package org.datastreamio.hop.metadata;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadata;
import org.apache.hop.metadata.api.HopMetadataBase;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.apache.hop.metadata.api.IHopMetadata;
import org.datastreamio.hop.plugin.IDataStreamImplementation;
import org.datastreamio.spi.CommonParameters;
import org.datastreamio.spi.StreamConfig;

/**
 * A named Data Stream, defined once in a project ({@code metadata/data-stream/<name>.json}) and
 * picked by name in the Data Stream Input and Output transforms. It holds the chosen implementation
 * with its settings plus the settings every implementation shares. Values may contain variables;
 * they resolve when a pipeline runs.
 */
@HopMetadata(
    key = DataStream.KEY,
    name = "Data Stream",
    description = "A stream of rows as Apache Arrow: Arrow Socket, Arrow Flight or Arrow File",
    image = "datastream.svg")
public class DataStream extends HopMetadataBase implements IHopMetadata {
  public static final String KEY = "data-stream";

  @HopMetadataProperty(key = "implementation")
  private IDataStreamImplementation implementation;

  @HopMetadataProperty(key = "description")
  private String description;

  /** Rows per Arrow record batch. */
  @HopMetadataProperty(key = "batch_size")
  private String batchSize = "10000";

  /**
   * Buffer: the most Arrow payload per batch (e.g. 8m); a batch is sent when either limit is hit.
   */
  @HopMetadataProperty(key = "batch_bytes")
  private String batchBytes;

  /** Buffer: the most Arrow memory one transform copy may hold (e.g. 512m); empty = no limit. */
  @HopMetadataProperty(key = "memory_limit")
  private String memoryLimit;

  @HopMetadataProperty(key = "direction")
  private DataStreamDirection direction = DataStreamDirection.BOTH;

  /**
   * Optional: an Arrow IPC file or stream whose schema defines the stream's fields, used by Data
   * Stream Input at design time when the stream cannot tell its schema before it runs (a socket).
   */
  @HopMetadataProperty(key = "schema_reference")
  private String schemaReference;

  public DataStream() {}

  public DataStream(String name, IDataStreamImplementation implementation) {
    super(name);
    this.implementation = implementation;
  }

  /** The datastream-io description with variables resolved and the common settings applied. */
  public StreamConfig toStreamConfig(IVariables variables) {
    if (implementation == null) {
      throw new IllegalArgumentException(
          "Data Stream '"
              + name
              + "' has no implementation: choose Arrow Socket, Arrow Flight or Arrow File in its metadata");
    }
    StreamConfig config;
    try {
      config = implementation.toStreamConfig(variables);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Data Stream '" + name + "': " + e.getMessage(), e);
    }
    String rows = resolve(variables, batchSize);
    if (rows != null) {
      config = config.withParameter(CommonParameters.BATCH_ROWS, rows);
    }
    String bytes = resolve(variables, batchBytes);
    if (bytes != null) {
      config = config.withParameter(CommonParameters.BATCH_BYTES, bytes);
    }
    // Range checks with messages that name the setting, before any connection opens.
    try {
      CommonParameters.batchRows(config);
      CommonParameters.batchBytes(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Data Stream '" + name + "' batch settings: " + e.getMessage(), e);
    }
    return config;
  }

  /** The memory limit in bytes, or {@link Long#MAX_VALUE}. */
  public long memoryLimitBytes(IVariables variables) {
    String limit = resolve(variables, memoryLimit);
    if (limit == null) {
      return Long.MAX_VALUE;
    }
    // StreamConfig owns the size syntax (512m, 1g, ...); parse it the way every stream parameter is
    // parsed.
    try {
      return StreamConfig.parse("file:///")
          .withParameter("memoryLimit", limit)
          .longParameter("memoryLimit", Long.MAX_VALUE, 1L << 20, Long.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Data Stream '"
              + name
              + "' setting 'memory limit' must be a size of at least 1m, such as 512m or 2g, got '"
              + limit
              + "'",
          e);
    }
  }

  public String resolvedSchemaReference(IVariables variables) {
    return resolve(variables, schemaReference);
  }

  private static String resolve(IVariables variables, String value) {
    if (value == null) {
      return null;
    }
    String resolved = variables.resolve(value).trim();
    return resolved.isEmpty() ? null : resolved;
  }

  public IDataStreamImplementation getImplementation() {
    return implementation;
  }

  public void setImplementation(IDataStreamImplementation implementation) {
    this.implementation = implementation;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(String batchSize) {
    this.batchSize = batchSize;
  }

  public String getBatchBytes() {
    return batchBytes;
  }

  public void setBatchBytes(String batchBytes) {
    this.batchBytes = batchBytes;
  }

  public String getMemoryLimit() {
    return memoryLimit;
  }

  public void setMemoryLimit(String memoryLimit) {
    this.memoryLimit = memoryLimit;
  }

  public DataStreamDirection getDirection() {
    return direction;
  }

  public void setDirection(DataStreamDirection direction) {
    this.direction = direction;
  }

  public String getSchemaReference() {
    return schemaReference;
  }

  public void setSchemaReference(String schemaReference) {
    this.schemaReference = schemaReference;
  }

  @Override
  public String toString() {
    return "DataStream["
        + name
        + ", "
        + (implementation == null ? "no implementation" : implementation.pluginId())
        + "]";
  }
}
