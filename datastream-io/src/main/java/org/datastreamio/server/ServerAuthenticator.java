package org.datastreamio.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * Accepts a configured bearer token, or a user name and password (HTTP basic) in exchange for a
 * generated bearer token, as pyarrow's {@code authenticate_basic_token} expects. Every refusal says
 * what was wrong and what the client should give instead (Arrow's own refusals have no message).
 */
final class ServerAuthenticator implements CallHeaderAuthenticator {
  private final Map<String, String> users;
  private final List<String> tokens;
  private final CallHeaderAuthenticator basic;

  ServerAuthenticator(Map<String, String> users, List<String> tokens) {
    this.users = Map.copyOf(users);
    this.tokens = List.copyOf(tokens);
    this.basic =
        new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator(this::validate));
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (bearer != null && !bearer.isBlank()) {
      for (String token : tokens) {
        if (equal(token, bearer)) {
          return () -> "token";
        }
      }
    }
    String basicHeader = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX);
    if (bearer == null && basicHeader == null) {
      String raw = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
      throw refused(
          raw == null
              ? "no credentials were sent"
              : raw.isBlank() || raw.trim().equalsIgnoreCase("Bearer")
                  ? "the bearer token sent is empty"
                  : "the authorization header is neither 'Bearer TOKEN' nor 'Basic' user and password");
    }
    if (bearer != null && bearer.isBlank()) {
      throw refused("the bearer token sent is empty");
    }
    if (users.isEmpty()) {
      throw refused(
          bearer != null
              ? "the bearer token sent is wrong"
              : "this server takes no user names, only a bearer token");
    }
    try {
      return basic.authenticate(headers);
    } catch (FlightRuntimeException e) {
      if (e.status().code() != FlightStatusCode.UNAUTHENTICATED) {
        throw e;
      }
      throw refused(
          bearer != null
              ? "the bearer token sent is wrong, or is a login token of an earlier run of the server"
              : "the user name or password is wrong");
    }
  }

  /** UNAUTHENTICATED naming what was wrong and which client settings this server takes. */
  private FlightRuntimeException refused(String what) {
    String take =
        !users.isEmpty() && !tokens.isEmpty()
            ? "a user (user=) with passwordFile= or passwordEnv=, or a bearer token (tokenFile= or tokenEnv=)"
            : !users.isEmpty()
                ? "a user (user=) with passwordFile= or passwordEnv="
                : "a bearer token (tokenFile= or tokenEnv=)";
    return CallStatus.UNAUTHENTICATED
        .withDescription(
            "Authentication failed: "
                + what
                + ". This server requires "
                + take
                + " in the client's URI or options (pyarrow: authenticate_basic_token or an 'authorization: Bearer' header)")
        .toRuntimeException();
  }

  private AuthResult validate(String user, String password) {
    String expected = users.get(user);
    if (expected == null || !equal(expected, password)) {
      throw CallStatus.UNAUTHENTICATED
          .withDescription("Wrong user name or password")
          .toRuntimeException();
    }
    return () -> user;
  }

  /** Constant-time, so timing does not reveal how much of a secret was right. */
  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
