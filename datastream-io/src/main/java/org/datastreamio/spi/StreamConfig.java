package org.datastreamio.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A serializable description of one data stream: where it lives ({@code scheme://authority/path})
 * and how to talk to it (query parameters). It travels from pipeline construction into every DoFn,
 * and it is what the Hop bridge stores.
 *
 * <p>Secrets never live in the URI: a transport reads them from a file or an environment variable
 * named by a parameter ({@code tokenFile}, {@code passwordEnv}, ...) or from {@link #withSecret}.
 * They are kept apart from the parameters and never appear in {@link #toString()}, {@link
 * #toUri()}, {@link #toJson()} or display data.
 */
public final class StreamConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String scheme;
  private final String authority;
  private final String path;
  private final TreeMap<String, String> parameters;
  private final TreeMap<String, String> secrets;

  private StreamConfig(
      String scheme,
      String authority,
      String path,
      Map<String, String> parameters,
      Map<String, String> secrets) {
    this.scheme = scheme;
    this.authority = authority;
    this.path = path;
    this.parameters = new TreeMap<>(parameters);
    this.secrets = new TreeMap<>(secrets);
  }

  /**
   * Parses {@code scheme://authority/path?key=value&...}. A bare absolute path ({@code /data/x})
   * means {@code file:///data/x}. The authority is kept as written, so port ranges such as {@code
   * host:9000-9003} pass through to the transport that understands them.
   */
  public static StreamConfig parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(
          "A stream URI is required, e.g. file:///tmp/out or flight://127.0.0.1:8815/name");
    }
    String text = uri.trim();
    if (text.startsWith("/")) {
      text = "file://" + text;
    }
    int sep = text.indexOf("://");
    if (sep <= 0) {
      int colon = text.indexOf(':');
      if (colon > 0 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        throw new IllegalArgumentException(
            "Stream URI '"
                + redact(text)
                + "' is not of the form scheme://authority/path (relative paths are not"
                + " supported): write an absolute location, e.g. file:///tmp/out, flight://127.0.0.1:8815/name");
      }
      throw new IllegalArgumentException(
          "Stream URI '"
              + redact(text)
              + "' has no scheme: write it as scheme://authority/path,"
              + " e.g. file:///tmp/out, flight://127.0.0.1:8815/name or socket://127.0.0.1:9000");
    }
    String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw new IllegalArgumentException(
          "Stream URI '" + redact(text) + "' has an invalid scheme '" + scheme + "'");
    }
    String rest = text.substring(sep + 3);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      // The input is trimmed, so the location is too, also before a '?': a location never ends in
      // blanks, and survives its URI and JSON forms (a pasted 'file:///out ?x=1' is file:///out).
      int end = q;
      while (end > 0 && rest.charAt(end - 1) <= ' ') {
        end--;
      }
      rest = rest.substring(0, end);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (authority.contains("@")) {
      // user:password@host would carry a secret into logs and display data; the message must not
      // echo it.
      throw new IllegalArgumentException(
          "Stream URI '"
              + redact(text)
              + "' has user information before '@' in its authority. Secrets never go"
              + " into a URI: give the user with the 'user' parameter and the password with 'passwordFile' or"
              + " 'passwordEnv' (or a token with 'tokenFile' / 'tokenEnv').");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new IllegalArgumentException(
            "Stream URI '"
                + redact(text).replaceAll("\\p{Cntrl}", "?")
                + "' contains a control character at"
                + " position "
                + i
                + "; remove it (percent-encode it in a parameter value if it is meant)");
      }
    }
    Map<String, String> params = new TreeMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (SecretNames.isSecret(key)) {
          throw new IllegalArgumentException(
              "Stream URI parameter '"
                  + key
                  + "' would put a secret into the URI, where logs and"
                  + " display data could show it. Use '"
                  + key
                  + "File' (a file holding it) or '"
                  + key
                  + "Env' (an environment variable holding it) instead.");
        }
        if (params.put(key, value) != null) {
          throw new IllegalArgumentException(
              "Stream URI parameter '" + key + "' is given twice in '" + redact(text) + "'");
        }
      }
    }
    return new StreamConfig(scheme, authority, path, params, Collections.emptyMap());
  }

  /**
   * Reads the JSON form written by {@link #toJson()}: {@code {"uri": "...", "parameters": {...}}}.
   */
  public static StreamConfig fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Stream description is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject() || !node.hasNonNull("uri")) {
      throw new IllegalArgumentException(
          "Stream description JSON needs a \"uri\" field, e.g. {\"uri\": \"file:///tmp/out\"}");
    }
    StreamConfig config = parse(node.get("uri").asText());
    JsonNode params = node.get("parameters");
    if (params != null && !params.isNull()) {
      if (!params.isObject()) {
        throw new IllegalArgumentException(
            "Stream description JSON: \"parameters\" must be an object of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        config = config.withParameter(e.getKey(), e.getValue().asText());
      }
    }
    return config;
  }

  /** The JSON form, without secrets. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("uri", location());
    ObjectNode params = node.putObject("parameters");
    parameters.forEach(params::put);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String scheme() {
    return scheme;
  }

  /**
   * The authority as written: {@code host:port}, {@code host:9000-9003}, {@code bucket}, or empty.
   */
  public String authority() {
    return authority;
  }

  /** The path, starting with '/' when present. */
  public String path() {
    return path;
  }

  /** {@code scheme://authority/path}, without the query. */
  public String location() {
    return scheme + "://" + authority + path;
  }

  /** The URI with its parameters; never contains secrets. */
  public String toUri() {
    if (parameters.isEmpty()) {
      return location();
    }
    StringBuilder sb = new StringBuilder(location()).append('?');
    boolean first = true;
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (!first) {
        sb.append('&');
      }
      first = false;
      sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    return sb.toString();
  }

  public Map<String, String> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  public String parameter(String name, String defaultValue) {
    return parameters.getOrDefault(name, defaultValue);
  }

  public long longParameter(String name, long defaultValue, long min, long max) {
    String value = parameters.get(name);
    if (value == null) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = parseSize(value.trim());
    } catch (NumberFormatException e) {
      if (value.trim().matches("[0-9]+[kKmMgG]?(i?[bB])?")) {
        throw new IllegalArgumentException(
            "Parameter '"
                + name
                + "' of stream "
                + location()
                + " is too large: must be between "
                + min
                + " and "
                + max
                + ", got '"
                + value
                + "'");
      }
      throw new IllegalArgumentException(
          "Parameter '"
              + name
              + "' of stream "
              + location()
              + " must be a whole number, optionally with a"
              + " binary suffix k, m or g (64k = 65536), got '"
              + value
              + "'");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          "Parameter '"
              + name
              + "' of stream "
              + location()
              + " must be between "
              + min
              + " and "
              + max
              + ", got "
              + value);
    }
    return parsed;
  }

  public int intParameter(String name, int defaultValue, int min, int max) {
    return (int) longParameter(name, defaultValue, min, max);
  }

  public boolean booleanParameter(String name, boolean defaultValue) {
    String value = parameters.get(name);
    if (value == null) {
      return defaultValue;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException(
            "Parameter '"
                + name
                + "' of stream "
                + location()
                + " must be true or false, got '"
                + value
                + "'");
    }
  }

  /**
   * Reads a parameter whose value is one of an enum's constants, written in any case with '-' for
   * '_'.
   */
  public <E extends Enum<E>> E enumParameter(String name, Class<E> type, E defaultValue) {
    String value = parameters.get(name);
    if (value == null) {
      return defaultValue;
    }
    String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      if (allowed.length() > 0) {
        allowed.append(", ");
      }
      allowed.append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new IllegalArgumentException(
        "Parameter '"
            + name
            + "' of stream "
            + location()
            + " must be one of "
            + allowed
            + ", got '"
            + value
            + "'");
  }

  public StreamConfig withParameter(String name, String value) {
    Objects.requireNonNull(name, "parameter name");
    if (SecretNames.isSecret(name)) {
      throw new IllegalArgumentException(
          "Parameter '"
              + name
              + "' holds a secret: pass it with withSecret(\""
              + name
              + "\", value), or name a file or environment variable with '"
              + name
              + "File' / '"
              + name
              + "Env'");
    }
    Map<String, String> next = new TreeMap<>(parameters);
    if (value == null) {
      next.remove(name);
    } else {
      next.put(name, value);
    }
    return new StreamConfig(scheme, authority, path, next, secrets);
  }

  /** Attaches a secret (token, password, key) that travels with the config but is never printed. */
  public StreamConfig withSecret(String name, String value) {
    Map<String, String> next = new TreeMap<>(secrets);
    if (value == null) {
      next.remove(name);
    } else {
      next.put(name, value);
    }
    return new StreamConfig(scheme, authority, path, parameters, next);
  }

  /**
   * A secret given with {@link #withSecret}, else the content of the file named by parameter {@code
   * <name>File}, else the environment variable named by {@code <name>Env}.
   */
  public Optional<String> secret(String name) {
    String direct = secrets.get(name);
    if (direct != null) {
      return Optional.of(direct);
    }
    String file = parameters.get(name + "File");
    if (file != null) {
      try {
        return Optional.of(
            new String(
                    java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(file)),
                    StandardCharsets.UTF_8)
                .trim());
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "Cannot read "
                + name
                + " for stream "
                + location()
                + " from the file named by '"
                + name
                + "File' ("
                + file
                + "): "
                + e.getMessage(),
            e);
      }
    }
    String env = parameters.get(name + "Env");
    if (env != null) {
      String value = System.getenv(env);
      if (value == null) {
        throw new IllegalArgumentException(
            "Stream "
                + location()
                + " reads "
                + name
                + " from environment variable "
                + env
                + ", which is not set");
      }
      return Optional.of(value);
    }
    return Optional.empty();
  }

  /**
   * The secrets attached with {@link #withSecret}, for coders that carry the config to workers.
   * Never print or log what this returns.
   */
  public Map<String, String> attachedSecrets() {
    return Collections.unmodifiableMap(secrets);
  }

  /** Whether any secret is attached or referenced (for display: "auth: yes"). */
  public boolean hasSecret(String name) {
    return secrets.containsKey(name)
        || parameters.containsKey(name + "File")
        || parameters.containsKey(name + "Env");
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StreamConfig)) {
      return false;
    }
    StreamConfig that = (StreamConfig) o;
    return scheme.equals(that.scheme)
        && authority.equals(that.authority)
        && path.equals(that.path)
        && parameters.equals(that.parameters)
        && secrets.equals(that.secrets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, authority, path, parameters, secrets);
  }

  /** The URI with parameters; secrets are never included. */
  @Override
  public String toString() {
    return secrets.isEmpty()
        ? toUri()
        : toUri() + " (+" + secrets.size() + " secret" + (secrets.size() == 1 ? "" : "s") + ")";
  }

  /**
   * Parses "65536", "64k", "64KiB", "8m", "1g" (binary multiples); NumberFormatException otherwise.
   */
  public static long parseSize(String value) {
    String v = value.toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long multiplier = 1;
    if (v.endsWith("k")) {
      multiplier = 1L << 10;
    } else if (v.endsWith("m")) {
      multiplier = 1L << 20;
    } else if (v.endsWith("g")) {
      multiplier = 1L << 30;
    }
    if (multiplier != 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(v.trim()), multiplier);
    } catch (ArithmeticException e) {
      throw new NumberFormatException("size too large: " + value);
    }
  }

  /**
   * Parses "500ms", "30s", "2m", "12h", "7d" or a plain number of seconds (zero allowed);
   * NumberFormatException otherwise, negative values included.
   */
  public static java.time.Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("ms")) {
      return java.time.Duration.ofMillis(nonNegative(v.substring(0, v.length() - 2)));
    }
    char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
    String number = Character.isDigit(unit) ? v : v.substring(0, Math.max(0, v.length() - 1));
    switch (unit) {
      case 'm':
        return java.time.Duration.ofMinutes(nonNegative(number));
      case 'h':
        return java.time.Duration.ofHours(nonNegative(number));
      case 'd':
        return java.time.Duration.ofDays(nonNegative(number));
      default:
        if (unit != 's' && !Character.isDigit(unit)) {
          throw new NumberFormatException("not a duration: " + value);
        }
        return java.time.Duration.ofSeconds(nonNegative(number));
    }
  }

  private static long nonNegative(String number) {
    long n = Long.parseLong(number.trim());
    if (n < 0) {
      throw new NumberFormatException("negative: " + number);
    }
    return n;
  }

  /**
   * A URI for messages: without its query (parameters may name secret files) and without user info.
   */
  private static String redact(String text) {
    int q = text.indexOf('?');
    String noQuery = q < 0 ? text : text.substring(0, q) + "?...";
    int sep = noQuery.indexOf("://");
    int start = sep < 0 ? 0 : sep + 3;
    int slash = noQuery.indexOf('/', start);
    int end = slash < 0 ? noQuery.length() : slash;
    int at = noQuery.lastIndexOf('@', end - 1);
    if (at >= start) {
      return noQuery.substring(0, start) + "***@" + noQuery.substring(at + 1);
    }
    return noQuery;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":");
  }
}
