package org.datastreamio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;

/**
 * Property-based fuzzing of the stream URI and JSON parsers: whatever a user or a stored Hop
 * metadata file hands us, the answer is a config or an {@link IllegalArgumentException} (never
 * another exception, never a hang), a parsed config survives its own printed form, and a secret put
 * where it does not belong never comes back in a message.
 */
class StreamConfigFuzzTest {
  private static final Duration BOUND = Duration.ofSeconds(2);

  /** Strings made of URI-ish pieces, so that most of them get past the first checks. */
  @Provide
  Arbitrary<String> uriLike() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.of(
                "file",
                "flight",
                "flight+tls",
                "flight+unix",
                "socket",
                "unix",
                "s3",
                "hdfs",
                "gs",
                "zmq",
                "FILE"),
            Arbitraries.of(
                "://",
                ":/",
                ":",
                "/",
                "//",
                "?",
                "&",
                "=",
                "@",
                "%",
                "%2F",
                "%zz",
                "[",
                "]",
                ":9000-9003",
                "-",
                ".."),
            Arbitraries.of(
                "127.0.0.1",
                "localhost",
                "host",
                "[::1]",
                "bucket",
                "tmp",
                "",
                " ",
                "\t",
                "\u0000",
                "é",
                "😀"),
            Arbitraries.of(
                "batchRows",
                "batchBytes",
                "password",
                "token",
                "passwordFile",
                "tokenEnv",
                "key",
                "user",
                "role"),
            Arbitraries.strings().ofMaxLength(8),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of("64k", "1g", "12q", "99999999999999999999", "-1", "0x10", "1e3"));
    return piece.list().ofMaxSize(12).map(parts -> String.join("", parts));
  }

  @Property
  void parseGivesAConfigOrAnIllegalArgument(@ForAll("uriLike") String text) {
    Assertions.assertTimeoutPreemptively(
        BOUND,
        () -> {
          StreamConfig config;
          try {
            config = StreamConfig.parse(text);
          } catch (IllegalArgumentException expected) {
            assertFalse(
                expected.getMessage() == null || expected.getMessage().isBlank(),
                "a message for " + text);
            return;
          }
          // What we print can be parsed back to the same stream.
          assertEquals(config, StreamConfig.parse(config.toUri()), "round trip of " + text);
          assertEquals(
              config, StreamConfig.fromJson(config.toJson()), "JSON round trip of " + text);
          try {
            Transports.forConfig(config);
            CommonParameters.batchRows(config);
            CommonParameters.batchBytes(config);
          } catch (IllegalArgumentException expected) {
            assertFalse(
                expected.getMessage() == null || expected.getMessage().isBlank(),
                "a message for " + text);
          }
        });
  }

  @Property
  void anyStringParsesOrIsRefused(@ForAll String text) {
    try {
      StreamConfig.parse(text);
    } catch (IllegalArgumentException expected) {
      // the documented refusal
    }
  }

  @Property
  void jsonGivesAConfigOrAnIllegalArgument(@ForAll("jsonLike") String json) {
    try {
      StreamConfig.fromJson(json);
    } catch (IllegalArgumentException expected) {
      // the documented refusal
    }
  }

  @Provide
  Arbitrary<String> jsonLike() {
    Arbitrary<String> piece =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            "\"uri\"",
            ":",
            ",",
            "\"file:///tmp/x\"",
            "\"parameters\"",
            "{\"batchRows\":\"5\"}",
            "null",
            "1",
            "\"password\"",
            "\"\\u0000\"",
            "\"flight://a@b:1/s\"",
            "true");
    return piece.list().ofMaxSize(10).map(parts -> String.join("", parts));
  }

  @Property
  void sizesParseOrThrowNumberFormat(@ForAll("uriLike") String text) {
    try {
      StreamConfig.parseSize(text);
    } catch (NumberFormatException expected) {
      // the documented refusal
    }
  }

  /**
   * A secret in user info or in a secret-named parameter is refused, and the refusal never shows
   * it.
   */
  @Property
  void secretsNeverComeBackInMessages(@ForAll("secretUris") String[] uriAndSecret) {
    String uri = uriAndSecret[0];
    String secret = uriAndSecret[1];
    IllegalArgumentException refused =
        Assertions.assertThrows(IllegalArgumentException.class, () -> StreamConfig.parse(uri));
    assertFalse(refused.getMessage().contains(secret), refused.getMessage());
    assertTrue(refused.getMessage().length() < 2000);
  }

  @Provide
  Arbitrary<String[]> secretUris() {
    Arbitrary<String> secret =
        Arbitraries.strings().alpha().numeric().ofMinLength(6).ofMaxLength(16).map(s -> "S3cr" + s);
    Arbitrary<String> scheme =
        Arbitraries.of("flight", "flight+tls", "socket", "file", "s3", "hdfs");
    Arbitrary<String> param =
        Arbitraries.of("password", "token", "secret", "key", "clientPassword", "accessToken");
    return Combinators.combine(scheme, secret, param, Arbitraries.integers().between(0, 2))
        .as(
            (s, sec, p, form) -> {
              switch (form) {
                case 0:
                  return new String[] {s + "://ops:" + sec + "@127.0.0.1:8815/x", sec};
                case 1:
                  return new String[] {s + "://" + sec + "@127.0.0.1:8815/x?batchRows=5", sec};
                default:
                  return new String[] {s + "://127.0.0.1:8815/x?batchRows=5&" + p + "=" + sec, sec};
              }
            });
  }
}
