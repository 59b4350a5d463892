package org.datastreamio.hop.transforms;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamLookup;
import org.datastreamio.spi.CommonParameters;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;

/**
 * What one transform copy needs to talk to its Data Stream: the metadata element, the resolved
 * stream description, the transport and an Arrow allocator it owns. Opened on the first row, closed
 * on dispose.
 */
public final class DataStreamConnection implements AutoCloseable {
  private final String transformName;
  private final int copy;
  private final DataStream stream;
  private final StreamConfig config;
  private final Transport transport;
  private final BufferAllocator allocator;

  private DataStreamConnection(
      String transformName,
      int copy,
      DataStream stream,
      StreamConfig config,
      Transport transport,
      BufferAllocator allocator) {
    this.transformName = transformName;
    this.copy = copy;
    this.stream = stream;
    this.config = config;
    this.transport = transport;
    this.allocator = allocator;
  }

  /**
   * Looks the Data Stream up by name, checks its direction and resolves it; opens no connection
   * yet.
   */
  public static DataStreamConnection open(
      IHopMetadataProvider provider,
      IVariables variables,
      String dataStreamName,
      String transformName,
      int copy,
      boolean writing)
      throws HopException {
    DataStream stream = DataStreamLookup.load(provider, dataStreamName, variables, transformName);
    String wrongDirection = directionProblem(stream, transformName, writing);
    if (wrongDirection != null) {
      throw new HopException(wrongDirection);
    }
    StreamConfig config;
    Transport transport;
    String who =
        "Transform '"
            + transformName
            + "' (copy "
            + copy
            + "), Data Stream '"
            + stream.getName()
            + "'";
    try {
      config = stream.toStreamConfig(variables);
      transport = Transports.forConfig(config);
    } catch (IllegalArgumentException e) {
      throw new HopException("Transform '" + transformName + "': " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new HopException(who + ": " + RuntimeProblems.explain(e), e);
    }
    BufferAllocator allocator;
    try {
      RuntimeProblems.requireArrow();
      allocator =
          ArrowMemory.newChild(
              "hop:" + transformName + "#" + copy, stream.memoryLimitBytes(variables));
    } catch (LinkageError e) {
      throw new HopException(who + ": " + RuntimeProblems.explain(e), e);
    }
    return new DataStreamConnection(transformName, copy, stream, config, transport, allocator);
  }

  /** Why the transform may not use the stream in this direction, or null when it may. */
  static String directionProblem(DataStream stream, String transformName, boolean writing) {
    if (writing ? stream.getDirection().allowsWrite() : stream.getDirection().allowsRead()) {
      return null;
    }
    return "Transform '"
        + transformName
        + "' "
        + (writing ? "writes to" : "reads from")
        + " Data Stream '"
        + stream.getName()
        + "', whose direction is "
        + stream.getDirection()
        + ". Use a Data Stream meant for "
        + (writing ? "writing" : "reading")
        + ", or set its direction to BOTH.";
  }

  public DataStream stream() {
    return stream;
  }

  public StreamConfig config() {
    return config;
  }

  public Transport transport() {
    return transport;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  public int batchRows() {
    return CommonParameters.batchRows(config);
  }

  public long batchBytes() {
    return CommonParameters.batchBytes(config);
  }

  /** Prefixes a message with the transform copy and the Data Stream. */
  public HopException about(String message, Throwable cause) {
    return new HopException(
        "Transform '"
            + transformName
            + "' (copy "
            + copy
            + "), Data Stream '"
            + stream.getName()
            + "': "
            + message,
        cause);
  }

  /**
   * Wraps a transport failure with the transform, the Data Stream and its endpoint (never secrets).
   */
  public HopException failure(String action, Throwable e) {
    String message =
        e instanceof LinkageError
            ? RuntimeProblems.explain((LinkageError) e)
            : String.valueOf(e.getMessage()).strip();
    if (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    return new HopException(
        "Transform '"
            + transformName
            + "' (copy "
            + copy
            + ") could not "
            + action
            + " Data Stream '"
            + stream.getName()
            + "' ("
            + config.location()
            + "): "
            + message
            + (isUnreachable(e)
                ? ". Check that the peer or server at that address is running and reachable from this machine"
                : ""),
        e);
  }

  private static boolean isUnreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException
          || c instanceof java.net.UnknownHostException
          || c instanceof java.net.NoRouteToHostException
          || c instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    allocator.close();
  }
}
