package org.datastreamio.beam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.datastreamio.spi.StreamConfig;

/**
 * {@link StreamConfig} as versioned bytes (not Java serialization), so a streaming pipeline can be
 * updated or drained across releases that change the class. Version 1: the location, the parameters
 * and the attached secrets (which workers need), in a stable order.
 */
public final class StreamConfigCoder extends AtomicCoder<StreamConfig> {
  private static final StreamConfigCoder INSTANCE = new StreamConfigCoder();
  static final byte VERSION = 1;
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final MapCoder<String, String> MAP = MapCoder.of(STRING, STRING);

  public static StreamConfigCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(StreamConfig config, OutputStream out) throws IOException {
    ByteCoder.of().encode(VERSION, out);
    STRING.encode(config.location(), out);
    MAP.encode(new java.util.TreeMap<>(config.parameters()), out);
    MAP.encode(new java.util.TreeMap<>(config.attachedSecrets()), out);
  }

  @Override
  public StreamConfig decode(InputStream in) throws IOException {
    byte version = ByteCoder.of().decode(in);
    if (version != VERSION) {
      throw new CoderException(
          "StreamConfig encoded with format version "
              + version
              + ", but this DataStream IO reads"
              + " version "
              + VERSION
              + ": run the pipeline with the release that encoded it, or restart it without its state");
    }
    StreamConfig config = StreamConfig.parse(STRING.decode(in));
    for (Map.Entry<String, String> p : MAP.decode(in).entrySet()) {
      config = config.withParameter(p.getKey(), p.getValue());
    }
    for (Map.Entry<String, String> s : MAP.decode(in).entrySet()) {
      config = config.withSecret(s.getKey(), s.getValue());
    }
    return config;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
