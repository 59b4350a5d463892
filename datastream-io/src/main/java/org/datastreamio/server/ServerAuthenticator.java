package org.datastreamio.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * Accepts a configured bearer token, or a user name and password (HTTP basic) in exchange for a
 * generated bearer token, as pyarrow's {@code authenticate_basic_token} expects.
 */
final class ServerAuthenticator implements CallHeaderAuthenticator {
  private final Map<String, String> users;
  private final List<String> tokens;
  private final CallHeaderAuthenticator basic;

  ServerAuthenticator(Map<String, String> users, List<String> tokens) {
    this.users = Map.copyOf(users);
    this.tokens = List.copyOf(tokens);
    this.basic = new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator(this::validate));
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (bearer != null) {
      for (String token : tokens) {
        if (equal(token, bearer)) {
          return () -> "token";
        }
      }
    }
    if (users.isEmpty()) {
      throw CallStatus.UNAUTHENTICATED.withDescription(
          "This server requires a bearer token (client: tokenFile= or tokenEnv=); the one given is missing or wrong")
          .toRuntimeException();
    }
    return basic.authenticate(headers);
  }

  private AuthResult validate(String user, String password) {
    String expected = users.get(user);
    if (expected == null || !equal(expected, password)) {
      throw CallStatus.UNAUTHENTICATED.withDescription("Wrong user name or password").toRuntimeException();
    }
    return () -> user;
  }

  /** Constant-time, so timing does not reveal how much of a secret was right. */
  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
