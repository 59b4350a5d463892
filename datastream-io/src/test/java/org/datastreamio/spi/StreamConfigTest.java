package org.datastreamio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamConfigTest {

  @Test
  void parsesSchemeAuthorityPathAndParameters() {
    StreamConfig c =
        StreamConfig.parse("flight://127.0.0.1:8815/orders?batchRows=1000&delivery=at-least-once");
    assertEquals("flight", c.scheme());
    assertEquals("127.0.0.1:8815", c.authority());
    assertEquals("/orders", c.path());
    assertEquals("1000", c.parameter("batchRows").orElseThrow());
    assertEquals("flight://127.0.0.1:8815/orders", c.location());
    assertEquals("flight://127.0.0.1:8815/orders?batchRows=1000&delivery=at-least-once", c.toUri());
  }

  @Test
  void blanksAtTheEndOfALocationAreTrimmedAlsoBeforeAQuery() {
    // Found by StreamConfigFuzzTest ('file:// ?' and '/file ?'): the location kept its blank
    // before a '?', and then its printed URI or JSON form parsed back to another location.
    for (String text : new String[] {"/file ?", "/file  ?", "file:///file ?batchRows=5"}) {
      StreamConfig c = StreamConfig.parse(text);
      assertEquals("file:///file", c.location(), text);
      assertEquals(c, StreamConfig.parse(c.toUri()), text);
      assertEquals(c, StreamConfig.fromJson(c.toJson()), text);
    }
    assertEquals("file://", StreamConfig.parse("file:// ?").location());
    assertEquals(StreamConfig.parse("/file "), StreamConfig.parse("/file ?"));
  }

  @Test
  void keepsPortRangesAndUnixPaths() {
    assertEquals("host:9000-9003", StreamConfig.parse("socket://host:9000-9003").authority());
    StreamConfig unix = StreamConfig.parse("flight+unix:///tmp/a.sock?stream=x");
    assertEquals("", unix.authority());
    assertEquals("/tmp/a.sock", unix.path());
    assertEquals("flight+unix", unix.scheme());
  }

  @Test
  void bareAbsolutePathMeansFile() {
    StreamConfig c = StreamConfig.parse("/data/out");
    assertEquals("file", c.scheme());
    assertEquals("/data/out", c.path());
  }

  @Test
  void rejectsMissingSchemeAndDuplicates() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.parse("data/out"));
    assertTrue(e.getMessage().contains("has no scheme"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StreamConfig.parse("file:///x?a=1&a=2"));
    assertTrue(e.getMessage().contains("'a' is given twice"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StreamConfig.parse(" "));
  }

  @Test
  void refusesInlineSecretsAndNeverPrintsAttachedOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamConfig.parse("flight://h:1/s?password=hunter2"));
    assertTrue(e.getMessage().contains("passwordFile"), e.getMessage());
    assertFalse(
        e.getMessage().contains("hunter2"), "the secret must not be echoed: " + e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> StreamConfig.parse("flight://h:1/s").withParameter("token", "x"));

    StreamConfig c = StreamConfig.parse("flight://h:1/s").withSecret("token", "s3cr3t-value");
    assertEquals("s3cr3t-value", c.secret("token").orElseThrow());
    assertFalse(c.toString().contains("s3cr3t"), c.toString());
    assertFalse(c.toUri().contains("s3cr3t"));
    assertFalse(c.toJson().contains("s3cr3t"));
    assertTrue(c.hasSecret("token"));
  }

  @Test
  void readsSecretsFromFilesAndEnvironment(@TempDir Path dir) throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "from-file\n");
    StreamConfig c = StreamConfig.parse("flight://h:1/s?tokenFile=" + tokenFile);
    assertEquals("from-file", c.secret("token").orElseThrow());
    StreamConfig env =
        StreamConfig.parse("flight://h:1/s?tokenEnv=DATASTREAM_SURELY_UNSET_VARIABLE");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> env.secret("token"));
    assertTrue(e.getMessage().contains("DATASTREAM_SURELY_UNSET_VARIABLE"), e.getMessage());
    String path = System.getenv("PATH");
    assertEquals(
        path, StreamConfig.parse("flight://h:1/s?tokenEnv=PATH").secret("token").orElseThrow());
  }

  @Test
  void jsonRoundTrip() {
    StreamConfig c = StreamConfig.parse("s3://bucket/prefix?format=stream&compression=zstd");
    String json = c.toJson();
    assertEquals(c, StreamConfig.fromJson(json));
    assertEquals(
        StreamConfig.parse("file:///x?batchRows=5"),
        StreamConfig.fromJson("{\"uri\":\"file:///x\",\"parameters\":{\"batchRows\":5}}"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StreamConfig.fromJson("{\"url\":1}"));
    assertTrue(e.getMessage().contains("\"uri\""), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StreamConfig.fromJson("{not json"));
  }

  @Test
  void typedParametersNameTheParameterWhenWrong() {
    StreamConfig c =
        StreamConfig.parse("file:///x?batchRows=ten&batchBytes=8m&flag=yes&mode=at-least-once");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.intParameter("batchRows", 1, 1, 10));
    assertTrue(
        e.getMessage().contains("'batchRows'") && e.getMessage().contains("ten"), e.getMessage());
    assertEquals(8L << 20, c.longParameter("batchBytes", 0, 0, Long.MAX_VALUE));
    assertTrue(c.booleanParameter("flag", false));
    assertEquals(
        DeliveryGuarantee.AT_LEAST_ONCE,
        c.enumParameter("mode", DeliveryGuarantee.class, DeliveryGuarantee.EXACTLY_ONCE));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StreamConfig.parse("file:///x?mode=maybe")
                    .enumParameter("mode", DeliveryGuarantee.class, null));
    assertTrue(e.getMessage().contains("exactly-once, at-least-once"), e.getMessage());
  }

  @Test
  void unknownSchemeAndParameterAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transports.forConfig(StreamConfig.parse("nosuch://x/y")));
    assertTrue(
        e.getMessage().contains("'nosuch'") && e.getMessage().contains("file"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transports.forConfig(StreamConfig.parse("file:///tmp/x?bogus=1")));
    assertTrue(
        e.getMessage().contains("'bogus'") && e.getMessage().contains("batchRows"), e.getMessage());
  }

  @Test
  void serializesWithSecrets() throws Exception {
    StreamConfig c = StreamConfig.parse("flight://h:1/s?batchRows=7").withSecret("password", "pw");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      StreamConfig back = (StreamConfig) in.readObject();
      assertEquals(c, back);
      assertEquals("pw", back.secret("password").orElseThrow());
    }
  }

  @Test
  void durationsTakeTheUnitsOperatorsWrite() {
    assertEquals(java.time.Duration.ofMillis(500), StreamConfig.parseDuration("500ms"));
    assertEquals(java.time.Duration.ofSeconds(30), StreamConfig.parseDuration("30s"));
    assertEquals(java.time.Duration.ofSeconds(45), StreamConfig.parseDuration(" 45 "));
    assertEquals(java.time.Duration.ofMinutes(2), StreamConfig.parseDuration("2M"));
    assertEquals(java.time.Duration.ofHours(12), StreamConfig.parseDuration("12h"));
    assertEquals(java.time.Duration.ofDays(7), StreamConfig.parseDuration("7d"));
    assertEquals(java.time.Duration.ZERO, StreamConfig.parseDuration("0"));
    for (String bad : new String[] {"", "s", "-1s", "soon", "1w", "1.5h"}) {
      assertThrows(NumberFormatException.class, () -> StreamConfig.parseDuration(bad), bad);
    }
  }
}
