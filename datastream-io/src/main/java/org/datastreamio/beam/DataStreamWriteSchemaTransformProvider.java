package org.datastreamio.beam;

import com.google.auto.service.AutoService;
import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldDescription;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.TypedSchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.datastreamio.spi.WrittenPart;

/**
 * {@link DataStreamIO#write()} for Beam YAML, Managed and cross-language pipelines: configured by a
 * Row whose fields are snake_case ({@code uri}, {@code batch_rows}, {@code batch_bytes}); its
 * output {@code parts} has one row per committed part.
 */
@AutoService(SchemaTransformProvider.class)
public final class DataStreamWriteSchemaTransformProvider
    extends TypedSchemaTransformProvider<DataStreamWriteSchemaTransformProvider.Configuration> {
  public static final String IDENTIFIER = "beam:schematransform:org.datastreamio:write:v1";
  static final String INPUT = "input";
  static final String PARTS = "parts";

  /** The committed parts' output: where, which window, and how much. */
  static final Schema PART_SCHEMA =
      Schema.builder()
          .addStringField("location")
          .addStringField("window")
          .addInt64Field("rows")
          .addInt64Field("batches")
          .addInt64Field("bytes")
          .build();

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public String description() {
    return "Writes rows to a DataStream IO stream as Apache Arrow: Arrow Flight (flight://host:port/name), Arrow IPC"
        + " over sockets (socket://host:port, unix:///path.sock) or Arrow IPC files (file:///dir, s3://bucket/prefix,"
        + " hdfs://host:port/dir). Outputs one row per committed part.";
  }

  @Override
  public List<String> inputCollectionNames() {
    return List.of(INPUT);
  }

  @Override
  public List<String> outputCollectionNames() {
    return List.of(PARTS);
  }

  @Override
  protected SchemaTransform from(Configuration configuration) {
    return new WriteSchemaTransform(configuration);
  }

  /**
   * The write's settings; what is left out takes the stream URI's parameter or the transport's
   * default.
   */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Configuration {
    @SchemaFieldDescription(
        "The stream to write, e.g. flight://127.0.0.1:8815/orders, socket://127.0.0.1:9000 or"
            + " file:///data/orders. Parameters go in its query; secrets only by file or environment variable"
            + " (passwordFile=, tokenEnv=).")
    public abstract String getUri();

    @SchemaFieldDescription("Rows per Arrow record batch.")
    public abstract @Nullable Integer getBatchRows();

    @SchemaFieldDescription("Payload bytes per Arrow record batch.")
    public abstract @Nullable Long getBatchBytes();

    @SchemaFieldDescription(
        "Where rows that do not fit the stream's Arrow schema go: {output: NAME} adds an output"
            + " of that name with each failed row and its error; without it such a row fails the write.")
    public abstract @Nullable ErrorHandling getErrorHandling();

    public static Builder builder() {
      return new AutoValue_DataStreamWriteSchemaTransformProvider_Configuration.Builder();
    }

    /** Builds a {@link Configuration}. */
    @AutoValue.Builder
    public abstract static class Builder {
      public abstract Builder setUri(String uri);

      public abstract Builder setBatchRows(@Nullable Integer rows);

      public abstract Builder setBatchBytes(@Nullable Long bytes);

      public abstract Builder setErrorHandling(@Nullable ErrorHandling errorHandling);

      public abstract Configuration build();
    }

    DataStreamIO.Write toTransform() {
      DataStreamIO.Write write = DataStreamIO.write().to(getUri());
      if (getBatchRows() != null) {
        write = write.withBatchRows(getBatchRows());
      }
      if (getBatchBytes() != null) {
        write = write.withBatchBytes(getBatchBytes());
      }
      return write;
    }
  }

  private static final class WriteSchemaTransform extends SchemaTransform {
    private final Configuration configuration;

    WriteSchemaTransform(Configuration configuration) {
      this.configuration = configuration;
    }

    @Override
    public PCollectionRowTuple expand(PCollectionRowTuple input) {
      PCollection<Row> rows = input.get(INPUT);
      DataStreamIO.Write write = configuration.toTransform();
      ErrorOutput errors =
          ErrorOutput.register(
              rows.getPipeline(), configuration.getErrorHandling(), rows.getSchema());
      if (errors.handler() != null) {
        write = write.withErrorHandler(errors.handler());
      }
      PCollection<Row> parts =
          rows.apply("DataStreamIO.Write", write)
              .getWrittenParts()
              .apply(
                  "PartsAsRows",
                  MapElements.into(TypeDescriptors.rows())
                      .via(DataStreamWriteSchemaTransformProvider::partRow))
              .setRowSchema(PART_SCHEMA);
      return errors.addTo(PCollectionRowTuple.of(PARTS, parts));
    }
  }

  static Row partRow(WrittenPart part) {
    return Row.withSchema(PART_SCHEMA)
        .addValues(part.location(), part.windowTag(), part.rows(), part.batches(), part.bytes())
        .build();
  }
}
