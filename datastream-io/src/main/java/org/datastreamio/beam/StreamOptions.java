package org.datastreamio.beam;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.datastreamio.spi.CommonParameters;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;

/**
 * The typed settings of a DataStreamIO transform ({@code withBatchRows(...)} and friends), kept
 * apart from the stream URI so that they may be given in any order, and merged into the stream's
 * parameters when the transform expands. Each is the URI parameter of the same meaning; giving both
 * with other values is refused, naming both.
 */
@AutoValue
abstract class StreamOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String COMPRESSION = "compression";
  static final String DELIVERY = "delivery";
  static final String TIMEOUT = "timeout";

  abstract @Nullable Integer batchRows();

  abstract @Nullable Long batchBytes();

  abstract @Nullable String compression();

  abstract @Nullable DeliveryGuarantee delivery();

  abstract @Nullable Duration timeout();

  abstract Builder toBuilder();

  static StreamOptions none() {
    return new AutoValue_StreamOptions.Builder().build();
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder batchRows(@Nullable Integer rows);

    abstract Builder batchBytes(@Nullable Long bytes);

    abstract Builder compression(@Nullable String codec);

    abstract Builder delivery(@Nullable DeliveryGuarantee delivery);

    abstract Builder timeout(@Nullable Duration timeout);

    abstract StreamOptions build();
  }

  /** The parameters these options stand for, with the method that set each (for messages). */
  private Map<String, String[]> asParameters() {
    Map<String, String[]> out = new LinkedHashMap<>();
    if (batchRows() != null) {
      out.put(
          CommonParameters.BATCH_ROWS,
          new String[] {Integer.toString(batchRows()), "withBatchRows"});
    }
    if (batchBytes() != null) {
      out.put(
          CommonParameters.BATCH_BYTES,
          new String[] {Long.toString(batchBytes()), "withBatchBytes"});
    }
    if (compression() != null) {
      out.put(
          COMPRESSION, new String[] {compression().toLowerCase(Locale.ROOT), "withCompression"});
    }
    if (delivery() != null) {
      out.put(
          DELIVERY,
          new String[] {
            delivery().name().toLowerCase(Locale.ROOT).replace('_', '-'), "withDeliveryGuarantee"
          });
    }
    if (timeout() != null) {
      out.put(TIMEOUT, new String[] {timeout().toMillis() + "ms", "withTimeout"});
    }
    return out;
  }

  /**
   * The stream with these options as its parameters. A parameter the URI gives too must agree; an
   * option the stream's transport has no parameter for is refused, naming the transport.
   */
  StreamConfig applyTo(StreamConfig config) {
    Map<String, String[]> options = asParameters();
    if (options.isEmpty()) {
      return config;
    }
    Transport transport = Transports.forConfig(config);
    StreamConfig merged = config;
    for (Map.Entry<String, String[]> option : options.entrySet()) {
      String name = option.getKey();
      String value = option.getValue()[0];
      String method = option.getValue()[1];
      if (!CommonParameters.ALL.contains(name) && !transport.parameters().contains(name)) {
        throw new IllegalArgumentException(
            method
                + "(...) does not apply to "
                + transport.name()
                + " stream "
                + config.location()
                + ": its parameters are "
                + new TreeSet<>(transport.parameters())
                + ".");
      }
      String inUri = config.parameters().get(name);
      if (inUri != null && !sameValue(name, inUri, value, config)) {
        throw new IllegalArgumentException(
            "Stream "
                + config.location()
                + " sets '"
                + name
                + "' twice: "
                + name
                + "="
                + inUri
                + " in the URI and "
                + method
                + "("
                + value
                + "). Give it in one place.");
      }
      merged = merged.withParameter(name, value);
    }
    Transports.forConfig(merged); // the merged values are checked like URI parameters
    return merged;
  }

  /** "64k" in the URI and withBatchBytes(65536) agree; so do "ZSTD" and "zstd". */
  private static boolean sameValue(String name, String inUri, String value, StreamConfig config) {
    if (inUri.trim().equalsIgnoreCase(value)) {
      return true;
    }
    if (CommonParameters.BATCH_ROWS.equals(name) || CommonParameters.BATCH_BYTES.equals(name)) {
      try {
        return StreamConfig.parseSize(inUri.trim()) == Long.parseLong(value);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }
}
