package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.junit.jupiter.api.Test;

/**
 * The coders of what travels between steps decode the bytes of format version 1 as committed here,
 * so a change that breaks pipeline update or drain fails this test instead of a user's job.
 */
class StableCodersTest {
  static final StreamConfig CONFIG =
      StreamConfig.parse("flight://127.0.0.1:8815/orders?batchRows=500&user=ops")
          .withSecret("password", "pw");
  static final PartitionRef REF =
      new PartitionRef(
          CONFIG,
          Partition.splittable("part-7", "handle".getBytes(StandardCharsets.UTF_8), 64, 123_456),
          16,
          32);

  /**
   * Version 1 bytes of {@link #CONFIG}, written by this release; never regenerate them to make a
   * change pass.
   */
  static final String CONFIG_V1 =
      "011e666c696768743a2f2f3132372e302e302e313a383831352f6f726465727300000002096261746368526f7773033530300475736572036f7073000000010870617373776f7264027077";

  static final String REF_V1 =
      "01011e666c696768743a2f2f3132372e302e302e313a383831352f6f726465727300000002096261746368526f7773033530300475736572036f7073000000010870617373776f726402707706706172742d370668616e646c6540c0c407011020";

  @Test
  void streamConfigDecodesVersionOneBytes() throws Exception {
    String encoded =
        HexFormat.of().formatHex(CoderUtils.encodeToByteArray(StreamConfigCoder.of(), CONFIG));
    assertEquals(CONFIG_V1, encoded, "the format of version 1 has not changed");
    StreamConfig decoded =
        CoderUtils.decodeFromByteArray(StreamConfigCoder.of(), HexFormat.of().parseHex(CONFIG_V1));
    assertEquals(CONFIG, decoded);
    assertEquals("pw", decoded.secret("password").orElseThrow());
  }

  @Test
  void partitionRefDecodesVersionOneBytes() throws Exception {
    String encoded =
        HexFormat.of().formatHex(CoderUtils.encodeToByteArray(PartitionRefCoder.of(), REF));
    assertEquals(REF_V1, encoded, "the format of version 1 has not changed");
    PartitionRef decoded =
        CoderUtils.decodeFromByteArray(PartitionRefCoder.of(), HexFormat.of().parseHex(REF_V1));
    assertEquals(REF, decoded);
    assertEquals(16, decoded.fromBatch());
    assertEquals(32, decoded.toBatch());
    assertTrue(decoded.partition().isSplittable());
  }

  @Test
  void anotherVersionIsRefusedClearly() {
    byte[] bytes = HexFormat.of().parseHex(CONFIG_V1);
    bytes[0] = 9;
    CoderException e =
        assertThrows(
            CoderException.class,
            () -> CoderUtils.decodeFromByteArray(StreamConfigCoder.of(), bytes));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  @Test
  void theRegistryKnowsTheStreamConfigCoder() throws Exception {
    assertEquals(
        StreamConfigCoder.of(),
        CoderRegistry.createDefault().getCoder(TypeDescriptor.of(StreamConfig.class)));
  }
}
