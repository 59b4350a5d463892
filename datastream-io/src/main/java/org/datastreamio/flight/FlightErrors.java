package org.datastreamio.flight;

import java.io.IOException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Classifies Flight failures (may a retry heal it?) and turns them into messages that say what to
 * do.
 */
final class FlightErrors {
  private FlightErrors() {}

  /**
   * What a fresh connection heals: an unreachable server, and a connection the peer closed with
   * GOAWAY (an over-cap DoPut can make gRPC close the whole connection; the calls still open on it
   * then fail with INTERNAL "Connection closed after GOAWAY"). TLS, auth, schema, missing streams
   * and other INTERNAL errors do not heal.
   */
  static boolean isTransient(Throwable t) {
    FlightRuntimeException f = find(t);
    if (f == null || isTls(t)) {
      return false;
    }
    switch (f.status().code()) {
      case UNAVAILABLE:
        return true;
      case INTERNAL:
        return f.status().description() != null
            && f.status().description().startsWith(GOAWAY_CLOSED);
      default:
        return false;
    }
  }

  /** gRPC's description of a call cut by a connection closed after a GOAWAY. */
  static final String GOAWAY_CLOSED = "Connection closed after GOAWAY";

  static FlightStatusCode code(Throwable t) {
    FlightRuntimeException f = find(t);
    return f == null ? FlightStatusCode.UNKNOWN : f.status().code();
  }

  static IOException toIOException(String what, Throwable t) {
    if (t instanceof IOException) {
      return (IOException) t;
    }
    return new IOException(what + " failed: " + describe(t), t);
  }

  /** The status and server message, with a hint for the usual causes. */
  static String describe(Throwable t) {
    FlightRuntimeException f = find(t);
    if (f == null) {
      return String.valueOf(t.getMessage());
    }
    String description =
        f.status().description() == null ? "" : f.status().description().split("\n", 2)[0];
    String msg = f.status().code() + (description.isEmpty() ? "" : ": " + description);
    if (isTls(t)) {
      return msg
          + " (TLS handshake failed: "
          + rootCause(t).getMessage()
          + ". Check that caFile holds the CA that signed the server's certificate, and for"
          + " mTLS that certFile/keyFile are a client certificate the server's CA trusts)";
    }
    switch (f.status().code()) {
      case UNAVAILABLE:
        return msg
            + " (is the Flight server running and reachable there? With TLS, use flight+tls://)";
      case UNAUTHENTICATED:
        // Our server names the settings itself; other servers (or older ones) may say nothing.
        return description.contains("passwordFile=") || description.contains("tokenFile=")
            ? msg
            : msg + " (check user/passwordFile/passwordEnv or tokenFile/tokenEnv)";
      case RESOURCE_EXHAUSTED:
        return description.contains("exceeds maximum size")
            ? msg
                + " (one record batch is larger than the server takes in one message: write smaller"
                + " batches with batchBytes=/batchRows=, or raise the server's --memory-limit)"
            : msg;
      default:
        return msg;
    }
  }

  private static boolean isTls(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c instanceof CertificateException) {
        return true;
      }
      String m = c.getMessage();
      if (m != null
          && (m.contains("SSL")
              || m.contains("TLS")
              || m.contains("handshake")
              || m.contains("certificate"))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static FlightRuntimeException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FlightRuntimeException) {
        return (FlightRuntimeException) c;
      }
    }
    return null;
  }
}
