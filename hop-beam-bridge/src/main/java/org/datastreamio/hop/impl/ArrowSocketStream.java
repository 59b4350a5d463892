package org.datastreamio.hop.impl;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.datastreamio.hop.plugin.DataStreamPlugin;
import org.datastreamio.hop.plugin.IDataStreamImplementation;
import org.datastreamio.spi.StreamConfig;

/**
 * Arrow IPC over TCP (a host and a port or port range, one port per parallel writer) or over a Unix
 * domain socket, either connecting to a peer or listening for one.
 */
@DataStreamPlugin(
    id = ArrowSocketStream.ID,
    name = "Arrow Socket",
    description = "Arrow IPC stream over TCP (host and port range) or a Unix domain socket")
public class ArrowSocketStream implements IDataStreamImplementation {
  public static final String ID = "ArrowSocket";
  private static final String WHAT = "Arrow Socket data stream";

  @HopMetadataProperty(key = "host")
  private String host = "127.0.0.1";

  /** "9000" or a range "9000-9003". */
  @HopMetadataProperty(key = "ports")
  private String ports;

  /** When set, a Unix domain socket is used instead of host and ports. */
  @HopMetadataProperty(key = "socket_path")
  private String socketPath;

  /** "connect" (to a listening peer) or "listen" (for a peer to connect). */
  @HopMetadataProperty(key = "role")
  private String role = "connect";

  /**
   * Reading: how many complete streams to take per port before the read ends (e.g. one per writer).
   */
  @HopMetadataProperty(key = "streams")
  private String streams;

  /** How long a listener waits without a connection, or a blocked read/write waits (e.g. 60s). */
  @HopMetadataProperty(key = "idle_timeout")
  private String idleTimeout;

  @HopMetadataProperty(key = "compression")
  private String compression;

  /**
   * Listening reads: "fail" (default) or "drop" a stream that breaks off mid-way, as one from a
   * writer the Beam runner retries does; "drop" keeps the rows it delivered and goes on (at least
   * once).
   */
  @HopMetadataProperty(key = "truncated_streams")
  private String truncatedStreams;

  public ArrowSocketStream() {}

  @Override
  public StreamConfig toStreamConfig(IVariables variables) {
    String path = Settings.optional(variables, socketPath);
    StreamConfig config;
    if (path != null) {
      config = StreamConfig.parse("unix://" + (path.startsWith("/") ? "" : "/") + path);
    } else {
      String h = Settings.required(variables, host, WHAT, "host", "127.0.0.1");
      String p = Settings.required(variables, ports, WHAT, "ports", "9000 or 9000-9003");
      if (!p.matches("\\d{1,5}(-\\d{1,5})?")) {
        throw new IllegalArgumentException(
            WHAT
                + " setting 'ports' must be a port (9000) or a range (9000-9003), got '"
                + p
                + "'");
      }
      config = StreamConfig.parse("socket://" + h + ":" + p);
    }
    String r = Settings.choice(variables, role, WHAT, "role", "connect", "listen");
    if (r != null) {
      config = config.withParameter("role", r);
    }
    String n = Settings.optional(variables, streams);
    if (n != null) {
      config = config.withParameter("streams", n);
    }
    String idle = Settings.optional(variables, idleTimeout);
    if (idle != null) {
      config = config.withParameter("idleTimeout", idle);
    }
    String truncated =
        Settings.choice(variables, truncatedStreams, WHAT, "truncated streams", "fail", "drop");
    if (truncated != null) {
      config = config.withParameter("truncated", truncated);
    }
    return Settings.withCompression(config, variables, compression, WHAT);
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getPorts() {
    return ports;
  }

  public void setPorts(String ports) {
    this.ports = ports;
  }

  public String getSocketPath() {
    return socketPath;
  }

  public void setSocketPath(String socketPath) {
    this.socketPath = socketPath;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getStreams() {
    return streams;
  }

  public void setStreams(String streams) {
    this.streams = streams;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public String getCompression() {
    return compression;
  }

  public void setCompression(String compression) {
    this.compression = compression;
  }

  public String getTruncatedStreams() {
    return truncatedStreams;
  }

  public void setTruncatedStreams(String truncatedStreams) {
    this.truncatedStreams = truncatedStreams;
  }
}
