package org.datastreamio.beam;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.datastreamio.spi.StreamConfig;

/**
 * Registers {@link StreamConfigCoder}, so a user's {@code PCollection<StreamConfig>} for readAll()
 * needs no setCoder.
 */
@AutoService(CoderProviderRegistrar.class)
public final class DataStreamCoders implements CoderProviderRegistrar {
  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        CoderProviders.forCoder(TypeDescriptor.of(StreamConfig.class), StreamConfigCoder.of()));
  }
}
