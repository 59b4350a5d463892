package org.datastreamio.flight;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.datastreamio.spi.StreamConfig;

/**
 * How a client proves itself and checks the server: TLS files and credentials. Secrets are held
 * only here; {@link #toString()} and {@link #poolKey()} never contain them.
 */
final class ClientSecurity {
  static final String CA_FILE = "caFile";
  static final String CERT_FILE = "certFile";
  static final String KEY_FILE = "keyFile";
  static final String USER = "user";

  /**
   * Secret names, read through {@link StreamConfig#secret}: {@code tokenFile}, {@code tokenEnv},
   * ...
   */
  static final String TOKEN = "token";

  static final String PASSWORD = "password";

  final Optional<Path> caFile;
  final Optional<Path> certFile;
  final Optional<Path> keyFile;
  final Optional<String> user;
  private final Optional<String> password;
  private final Optional<String> token;

  private ClientSecurity(
      Optional<Path> caFile,
      Optional<Path> certFile,
      Optional<Path> keyFile,
      Optional<String> user,
      Optional<String> password,
      Optional<String> token) {
    this.caFile = caFile;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.user = user;
    this.password = password;
    this.token = token;
  }

  static ClientSecurity of(StreamConfig config) {
    Optional<Path> ca = file(config, CA_FILE);
    Optional<Path> cert = file(config, CERT_FILE);
    Optional<Path> key = file(config, KEY_FILE);
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + ": a client certificate (mTLS) needs both '"
              + CERT_FILE
              + "' and '"
              + KEY_FILE
              + "' (PEM files); only one is given");
    }
    boolean tls = config.scheme().equals(FlightTarget.SCHEME_TLS);
    if (!tls && (ca.isPresent() || cert.isPresent())) {
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + " sets TLS files but is not a TLS URI: use flight+tls://");
    }
    Optional<String> user = config.parameter(USER);
    Optional<String> password = config.secret(PASSWORD);
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + ": basic authentication needs both '"
              + USER
              + "' and a password ('"
              + PASSWORD
              + "File' or '"
              + PASSWORD
              + "Env')");
    }
    Optional<String> token = config.secret(TOKEN);
    if (token.isPresent() && user.isPresent()) {
      throw new IllegalArgumentException(
          "Stream " + config.location() + ": give either a token or a user and password, not both");
    }
    return new ClientSecurity(ca, cert, key, user, password, token);
  }

  Optional<String> password() {
    return password;
  }

  Optional<String> token() {
    return token;
  }

  /** Identifies equal settings for the client pool; credentials enter only as a hash. */
  String poolKey() {
    return caFile
        + "|"
        + certFile
        + "|"
        + keyFile
        + "|"
        + user
        + "|"
        + digest(password.orElse("") + "\u0000" + token.orElse(""));
  }

  private static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> file(StreamConfig config, String parameter) {
    Optional<String> value = config.parameter(parameter);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Path p = Paths.get(value.get());
    if (!Files.isReadable(p)) {
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + ": the file named by '"
              + parameter
              + "' ("
              + p
              + ") does not exist or is not readable");
    }
    return Optional.of(p);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientSecurity && ((ClientSecurity) o).poolKey().equals(poolKey());
  }

  @Override
  public int hashCode() {
    return Objects.hash(poolKey());
  }

  @Override
  public String toString() {
    return "ClientSecurity{ca="
        + caFile.orElse(null)
        + ", cert="
        + certFile.orElse(null)
        + ", user="
        + user.orElse(null)
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + "}";
  }
}
