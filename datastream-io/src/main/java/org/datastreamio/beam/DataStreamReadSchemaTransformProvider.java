package org.datastreamio.beam;

import com.google.auto.service.AutoService;
import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldDescription;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.TypedSchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link DataStreamIO#read()} for Beam YAML, Managed and cross-language pipelines: configured by a
 * Row with {@code uri} and, for streams that cannot tell their schema before data arrives (a
 * listening socket), {@code schema} as a JSON Schema, the form Beam YAML uses for Kafka and
 * Pub/Sub.
 */
@AutoService(SchemaTransformProvider.class)
public final class DataStreamReadSchemaTransformProvider
    extends TypedSchemaTransformProvider<DataStreamReadSchemaTransformProvider.Configuration> {
  public static final String IDENTIFIER = "beam:schematransform:org.datastreamio:read:v1";
  static final String OUTPUT = "output";

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public String description() {
    return "Reads the rows of a DataStream IO stream (Arrow Flight, Arrow IPC over sockets, or Arrow IPC files), its"
        + " partitions in parallel. The schema comes from the stream unless given.";
  }

  @Override
  public List<String> inputCollectionNames() {
    return List.of();
  }

  @Override
  public List<String> outputCollectionNames() {
    return List.of(OUTPUT);
  }

  @Override
  protected SchemaTransform from(Configuration configuration) {
    return new ReadSchemaTransform(configuration);
  }

  /** The read's settings. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Configuration {
    @SchemaFieldDescription(
        "The stream to read, e.g. flight://127.0.0.1:8815/orders, file:///data/orders or"
            + " socket://127.0.0.1:9000?role=listen. Secrets only by file or environment variable (passwordFile=, tokenEnv=).")
    public abstract String getUri();

    @SchemaFieldDescription(
        "The rows' schema as a JSON Schema object, for streams that cannot tell it before data"
            + " arrives (a listening socket). Left out, the schema is read from the stream when the pipeline is built.")
    public abstract @Nullable String getSchema();

    @SchemaFieldDescription(
        "Where record batches that do not convert to the schema go: {output: NAME} adds an output of"
            + " that name with each failed batch (Arrow IPC bytes) and its error; without it such a"
            + " batch fails the read.")
    public abstract @Nullable ErrorHandling getErrorHandling();

    public static Builder builder() {
      return new AutoValue_DataStreamReadSchemaTransformProvider_Configuration.Builder();
    }

    /** Builds a {@link Configuration}. */
    @AutoValue.Builder
    public abstract static class Builder {
      public abstract Builder setUri(String uri);

      public abstract Builder setSchema(@Nullable String jsonSchema);

      public abstract Builder setErrorHandling(@Nullable ErrorHandling errorHandling);

      public abstract Configuration build();
    }

    DataStreamIO.Read toTransform() {
      DataStreamIO.Read read = DataStreamIO.read().from(getUri());
      if (getSchema() != null) {
        try {
          read = read.withSchema(JsonSchemas.toBeamSchema(getSchema()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "The 'schema' of the DataStream read of "
                  + read.getConfig().location()
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      return read;
    }
  }

  private static final class ReadSchemaTransform extends SchemaTransform {
    private final Configuration configuration;

    ReadSchemaTransform(Configuration configuration) {
      this.configuration = configuration;
    }

    @Override
    public PCollectionRowTuple expand(PCollectionRowTuple input) {
      DataStreamIO.Read read = configuration.toTransform();
      ErrorOutput errors =
          ErrorOutput.register(input.getPipeline(), configuration.getErrorHandling(), null);
      if (errors.handler() != null) {
        read = read.withErrorHandler(errors.handler());
      }
      return errors.addTo(
          PCollectionRowTuple.of(OUTPUT, input.getPipeline().apply("DataStreamIO.Read", read)));
    }
  }
}
