package org.datastreamio.hop.impl;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.datastreamio.hop.plugin.DataStreamPlugin;
import org.datastreamio.hop.plugin.IDataStreamImplementation;
import org.datastreamio.spi.StreamConfig;

/**
 * An Arrow Flight endpoint: many writers DoPut to one Flight server, readers DoGet its endpoints.
 * The password and token are stored with Hop's password encoder and travel as secrets, never in the
 * URI.
 */
@DataStreamPlugin(
    id = ArrowFlightStream.ID,
    name = "Arrow Flight",
    description = "Arrow Flight endpoint: parallel DoPut from many executors, DoGet to read")
public class ArrowFlightStream implements IDataStreamImplementation {
  public static final String ID = "ArrowFlight";
  private static final String WHAT = "Arrow Flight data stream";

  @HopMetadataProperty(key = "host")
  private String host = "127.0.0.1";

  @HopMetadataProperty(key = "port")
  private String port = "8815";

  /** The Flight descriptor path, e.g. "orders". */
  @HopMetadataProperty(key = "stream_name")
  private String streamName;

  @HopMetadataProperty(key = "use_tls")
  private boolean useTls;

  /** PEM file with the certificates to trust for TLS (default: the JVM's). */
  @HopMetadataProperty(key = "trusted_certificates_file")
  private String trustedCertificatesFile;

  /** PEM client certificate and key, for mutual TLS. */
  @HopMetadataProperty(key = "client_certificate_file")
  private String clientCertificateFile;

  @HopMetadataProperty(key = "client_key_file")
  private String clientKeyFile;

  @HopMetadataProperty(key = "username")
  private String username;

  @HopMetadataProperty(key = "password", password = true)
  private String password;

  /** A bearer token, instead of username and password. */
  @HopMetadataProperty(key = "token", password = true)
  private String token;

  public ArrowFlightStream() {}

  @Override
  public StreamConfig toStreamConfig(IVariables variables) {
    String h = Settings.required(variables, host, WHAT, "host", "127.0.0.1");
    String p = Settings.required(variables, port, WHAT, "port", "8815");
    if (!p.matches("\\d{1,5}")) {
      throw new IllegalArgumentException(
          WHAT + " setting 'port' must be a port number, got '" + p + "'");
    }
    String name = Settings.required(variables, streamName, WHAT, "stream name", "orders");
    StreamConfig config =
        StreamConfig.parse((useTls ? "flight+tls://" : "flight://") + h + ":" + p + "/" + name);
    String certs = Settings.optional(variables, trustedCertificatesFile);
    if (certs != null) {
      if (!useTls) {
        throw new IllegalArgumentException(
            WHAT + " has trusted certificates but TLS is off: turn 'use TLS' on or clear them");
      }
      config = config.withParameter("caFile", certs);
    }
    String cert = Settings.optional(variables, clientCertificateFile);
    String key = Settings.optional(variables, clientKeyFile);
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          WHAT
              + " needs both 'client certificate file' and 'client key file' for mutual TLS, or neither");
    }
    if (cert != null) {
      config = config.withParameter("certFile", cert).withParameter("keyFile", key);
    }
    String user = Settings.optional(variables, username);
    if (user != null) {
      config = config.withParameter("user", user);
    }
    String pass = Settings.secret(variables, password);
    if (pass != null) {
      config = config.withSecret("password", pass);
    }
    String tok = Settings.secret(variables, token);
    if (tok != null) {
      config = config.withSecret("token", tok);
    }
    return config;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getPort() {
    return port;
  }

  public void setPort(String port) {
    this.port = port;
  }

  public String getStreamName() {
    return streamName;
  }

  public void setStreamName(String streamName) {
    this.streamName = streamName;
  }

  public boolean isUseTls() {
    return useTls;
  }

  public void setUseTls(boolean useTls) {
    this.useTls = useTls;
  }

  public String getTrustedCertificatesFile() {
    return trustedCertificatesFile;
  }

  public void setTrustedCertificatesFile(String trustedCertificatesFile) {
    this.trustedCertificatesFile = trustedCertificatesFile;
  }

  public String getClientCertificateFile() {
    return clientCertificateFile;
  }

  public void setClientCertificateFile(String clientCertificateFile) {
    this.clientCertificateFile = clientCertificateFile;
  }

  public String getClientKeyFile() {
    return clientKeyFile;
  }

  public void setClientKeyFile(String clientKeyFile) {
    this.clientKeyFile = clientKeyFile;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  /** Never shows the password or token. */
  @Override
  public String toString() {
    return "ArrowFlight["
        + host
        + ":"
        + port
        + "/"
        + streamName
        + (password != null || token != null ? ", auth: yes" : "")
        + "]";
  }
}
