package org.datastreamio.beam;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.BadRecordRouter;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.SchemaConverter;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;

/**
 * Reads and writes Beam Rows (or Arrow record batches) as Apache Arrow through a pluggable
 * transport chosen by URI: {@code file:///dir}, {@code s3://bucket/prefix}, {@code
 * hdfs://host:port/dir}, {@code flight://host:port/name}, {@code socket://host:port}, ...
 *
 * <pre>{@code
 * rows.apply(DataStreamIO.write().to("flight://127.0.0.1:8815/orders"));
 *
 * PCollection<Row> orders = pipeline.apply(DataStreamIO.read().from("file:///data/orders"));
 * }</pre>
 *
 * <p>Writes batch each bundle's rows ({@code batchRows}, {@code batchBytes}) into one part per
 * bundle and window; transports with exactly-once delivery publish the parts of successful bundles
 * only, in a final commit. Reads list the stream's partitions and read them with a splittable DoFn
 * over record batch ranges. See docs/user-guide.md.
 */
public final class DataStreamIO {
  private DataStreamIO() {}

  /** Writes a schema'd {@code PCollection<Row>}. */
  public static Write write() {
    return new AutoValue_DataStreamIO_Write.Builder().setOptions(StreamOptions.none()).build();
  }

  /** Writes {@link ArrowBatch}es as they are, for pipelines that stay columnar. */
  public static WriteBatches writeBatches() {
    return new AutoValue_DataStreamIO_WriteBatches.Builder()
        .setOptions(StreamOptions.none())
        .build();
  }

  /** Reads one stream as Rows; the schema comes from the stream or from {@link Read#withSchema}. */
  public static Read read() {
    return new AutoValue_DataStreamIO_Read.Builder().setOptions(StreamOptions.none()).build();
  }

  /** Reads every stream of a {@code PCollection<StreamConfig>} as Rows of one given schema. */
  public static ReadAll readAll() {
    return new AutoValue_DataStreamIO_ReadAll.Builder().build();
  }

  /**
   * Reads one stream as {@link ArrowBatch}es; no schema needed up front (each batch carries its
   * own).
   */
  public static ReadBatches readBatches() {
    return new AutoValue_DataStreamIO_ReadBatches.Builder()
        .setOptions(StreamOptions.none())
        .build();
  }

  /** Reads every stream of a {@code PCollection<StreamConfig>} as {@link ArrowBatch}es. */
  public static ReadAllBatches readAllBatches() {
    return new ReadAllBatches();
  }

  // ---------------------------------------------------------------------------------------------

  /** {@link DataStreamIO#write()}. */
  @AutoValue
  public abstract static class Write extends PTransform<PCollection<?>, WriteResult> {
    abstract @Nullable StreamConfig getConfig();

    abstract StreamOptions getOptions();

    abstract @Nullable ErrorHandler<BadRecord, ?> getBadRecordErrorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setConfig(StreamConfig config);

      abstract Builder setOptions(StreamOptions options);

      abstract Builder setBadRecordErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract Write build();
    }

    /**
     * Rows that do not fit the stream's Arrow schema (a decimal beyond its precision, fixed bytes
     * of another length, a null in a required field) go to {@code handler} with the reason, naming
     * the field, and the rest of the bundle is written. Without a handler such a row fails the
     * bundle.
     */
    public Write withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      checkArgumentNotNull(
          handler, "DataStreamIO.write().withErrorHandler(handler): handler must not be null");
      return toBuilder().setBadRecordErrorHandler(handler).build();
    }

    /** The destination, as a URI such as {@code file:///tmp/out?format=stream}. */
    public Write to(String uri) {
      return to(StreamConfig.parse(uri));
    }

    public Write to(StreamConfig config) {
      checkArgumentNotNull(config, "DataStreamIO.write().to(config): config must not be null");
      return toBuilder().setConfig(config).build();
    }

    /** Rows per record batch (URI parameter {@code batchRows}). */
    public Write withBatchRows(int rows) {
      return toBuilder().setOptions(getOptions().toBuilder().batchRows(rows).build()).build();
    }

    /** Payload bytes per record batch (URI parameter {@code batchBytes}). */
    public Write withBatchBytes(long bytes) {
      return toBuilder().setOptions(getOptions().toBuilder().batchBytes(bytes).build()).build();
    }

    /**
     * Compression of the Arrow IPC bodies, {@code zstd}, {@code lz4} or {@code none} (files,
     * sockets).
     */
    public Write withCompression(String codec) {
      checkArgumentNotNull(
          codec, "DataStreamIO.write().withCompression(codec): codec must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().compression(codec).build()).build();
    }

    /**
     * {@code AT_LEAST_ONCE} opts a Flight write out of its commit step (parts become visible as
     * bundles finish; a retried bundle may repeat rows). Transports without a choice refuse it.
     */
    public Write withDeliveryGuarantee(org.datastreamio.spi.DeliveryGuarantee delivery) {
      checkArgumentNotNull(
          delivery,
          "DataStreamIO.write().withDeliveryGuarantee(delivery): delivery must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().delivery(delivery).build()).build();
    }

    /** How long one call to the stream's server may take (Flight). */
    public Write withTimeout(java.time.Duration timeout) {
      checkArgumentNotNull(
          timeout, "DataStreamIO.write().withTimeout(timeout): timeout must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().timeout(timeout).build()).build();
    }

    @Override
    public WriteResult expand(PCollection<?> elements) {
      StreamConfig config = getOptions().applyTo(requireConfig(getConfig(), "write"));
      Transport transport = Transports.forConfig(config);
      if (!elements.hasSchema()) {
        throw new IllegalArgumentException(
            "DataStreamIO.write() to "
                + config.location()
                + " needs a PCollection with a schema: call setRowSchema(schema) on a PCollection<Row>, or give the"
                + " element type a schema (@DefaultSchema(JavaFieldSchema.class), AutoValueSchema, ...).");
      }
      PCollection<Row> input = asRows(elements);
      Schema schema = input.getSchema();
      SchemaConverter.toArrow(schema); // fails now, naming the field, rather than on a worker
      ErrorHandler<BadRecord, ?> errors = getBadRecordErrorHandler();
      return expandWrite(
          input,
          config,
          transport,
          writeId -> {
            WriteRowsFn fn = new WriteRowsFn(config, writeId, schema);
            return errors == null ? fn : fn.routingBadRecords(input.getCoder());
          },
          schema,
          errors);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      populateStreamDisplayData(builder, getConfig(), getOptions());
    }
  }

  /** {@link DataStreamIO#writeBatches()}. */
  @AutoValue
  public abstract static class WriteBatches
      extends PTransform<PCollection<ArrowBatch>, WriteResult> {
    abstract @Nullable StreamConfig getConfig();

    abstract StreamOptions getOptions();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setConfig(StreamConfig config);

      abstract Builder setOptions(StreamOptions options);

      abstract WriteBatches build();
    }

    public WriteBatches to(String uri) {
      return to(StreamConfig.parse(uri));
    }

    public WriteBatches to(StreamConfig config) {
      checkArgumentNotNull(
          config, "DataStreamIO.writeBatches().to(config): config must not be null");
      return toBuilder().setConfig(config).build();
    }

    /**
     * Compression of the Arrow IPC bodies, {@code zstd}, {@code lz4} or {@code none} (files,
     * sockets).
     */
    public WriteBatches withCompression(String codec) {
      checkArgumentNotNull(
          codec, "DataStreamIO.writeBatches().withCompression(codec): codec must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().compression(codec).build()).build();
    }

    /**
     * {@code AT_LEAST_ONCE} opts a Flight write out of its commit step; see {@link
     * Write#withDeliveryGuarantee}.
     */
    public WriteBatches withDeliveryGuarantee(org.datastreamio.spi.DeliveryGuarantee delivery) {
      checkArgumentNotNull(
          delivery,
          "DataStreamIO.writeBatches().withDeliveryGuarantee(delivery): delivery must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().delivery(delivery).build()).build();
    }

    /** How long one call to the stream's server may take (Flight). */
    public WriteBatches withTimeout(java.time.Duration timeout) {
      checkArgumentNotNull(
          timeout, "DataStreamIO.writeBatches().withTimeout(timeout): timeout must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().timeout(timeout).build()).build();
    }

    @Override
    public WriteResult expand(PCollection<ArrowBatch> input) {
      StreamConfig config = getOptions().applyTo(requireConfig(getConfig(), "writeBatches"));
      Transport transport = Transports.forConfig(config);
      return expandWrite(
          input, config, transport, writeId -> new WriteBatchesFn(config, writeId), null, null);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      populateStreamDisplayData(builder, getConfig(), getOptions());
    }
  }

  /** {@link DataStreamIO#read()}. */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<Row>> {
    abstract @Nullable StreamConfig getConfig();

    abstract @Nullable Schema getSchema();

    abstract StreamOptions getOptions();

    abstract @Nullable ErrorHandler<BadRecord, ?> getBadRecordErrorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setConfig(StreamConfig config);

      abstract Builder setSchema(Schema schema);

      abstract Builder setOptions(StreamOptions options);

      abstract Builder setBadRecordErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract Read build();
    }

    /** The source: a file, directory or glob, a Flight stream, a socket. */
    public Read from(String uri) {
      return from(StreamConfig.parse(uri));
    }

    public Read from(StreamConfig config) {
      checkArgumentNotNull(config, "DataStreamIO.read().from(config): config must not be null");
      return toBuilder().setConfig(config).build();
    }

    /**
     * The schema of the rows, for streams whose schema cannot be known before data arrives (a
     * listening socket), or to check the stream against what the pipeline expects.
     */
    public Read withSchema(Schema schema) {
      checkArgumentNotNull(
          schema, "DataStreamIO.read().withSchema(schema): schema must not be null");
      return toBuilder().setSchema(schema).build();
    }

    /** How long one call to the stream's server may take (Flight). */
    public Read withTimeout(java.time.Duration timeout) {
      checkArgumentNotNull(
          timeout, "DataStreamIO.read().withTimeout(timeout): timeout must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().timeout(timeout).build()).build();
    }

    @Override
    public PCollection<Row> expand(PBegin input) {
      StreamConfig config = getOptions().applyTo(requireConfig(getConfig(), "read"));
      Transport transport = Transports.forConfig(config);
      Schema schema = getSchema() != null ? getSchema() : discoverSchema(config, transport);
      ReadAll readAll = readAll().withSchema(schema);
      if (getBadRecordErrorHandler() != null) {
        readAll = readAll.withErrorHandler(getBadRecordErrorHandler());
      }
      return input
          .apply("Stream", Create.of(config).withCoder(StreamConfigCoder.of()))
          .apply("ReadAll", readAll);
    }

    /**
     * Reads the rows as elements of a schema'd type ({@code @DefaultSchema(JavaFieldSchema.class)},
     * AutoValue, Java beans, records with a schema provider), matched to the stream's fields by
     * name.
     */
    public <T> TypedRead<T> as(Class<T> type) {
      checkArgumentNotNull(type, "DataStreamIO.read().as(type): type must not be null");
      return new TypedRead<>(this, org.apache.beam.sdk.values.TypeDescriptor.of(type));
    }

    /**
     * Record batches that do not convert to the read's schema (a partition of another schema, a
     * value with no Beam equivalent) go to {@code handler} whole, and the rest of the stream is
     * read. Without a handler such a batch fails the read, naming the partition.
     */
    public Read withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      checkArgumentNotNull(
          handler, "DataStreamIO.read().withErrorHandler(handler): handler must not be null");
      return toBuilder().setBadRecordErrorHandler(handler).build();
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      populateStreamDisplayData(builder, getConfig(), getOptions());
      if (getSchema() != null) {
        builder.add(DisplayData.item("schema", getSchema().toString()).withLabel("Row schema"));
      }
    }
  }

  /** {@link Read#as}: the rows of a read as elements of a schema'd user type. */
  public static final class TypedRead<T> extends PTransform<PBegin, PCollection<T>> {
    private final Read read;
    private final org.apache.beam.sdk.values.TypeDescriptor<T> type;

    private TypedRead(Read read, org.apache.beam.sdk.values.TypeDescriptor<T> type) {
      this.read = read;
      this.type = type;
    }

    @Override
    public PCollection<T> expand(PBegin input) {
      PCollection<Row> rows = input.apply("Read", read);
      try {
        return rows.apply(
            "To" + type.getRawType().getSimpleName(),
            org.apache.beam.sdk.schemas.transforms.Convert.fromRows(type));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "DataStreamIO.read().as("
                + type.getRawType().getSimpleName()
                + ") of "
                + read.getConfig()
                + ": the stream's rows "
                + rows.getSchema()
                + " do not convert to that type: "
                + e.getMessage(),
            e);
      }
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      read.populateDisplayData(builder);
      builder.add(DisplayData.item("as", type.getRawType().getName()).withLabel("Element type"));
    }
  }

  /** {@link DataStreamIO#readAll()}. */
  @AutoValue
  public abstract static class ReadAll
      extends PTransform<PCollection<StreamConfig>, PCollection<Row>> {
    abstract @Nullable Schema getSchema();

    abstract @Nullable ErrorHandler<BadRecord, ?> getBadRecordErrorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setSchema(Schema schema);

      abstract Builder setBadRecordErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract ReadAll build();
    }

    /** The schema every stream must have. Required. */
    public ReadAll withSchema(Schema schema) {
      checkArgumentNotNull(
          schema, "DataStreamIO.readAll().withSchema(schema): schema must not be null");
      return toBuilder().setSchema(schema).build();
    }

    @Override
    public PCollection<Row> expand(PCollection<StreamConfig> input) {
      Schema schema = getSchema();
      if (schema == null) {
        throw new IllegalArgumentException(
            "DataStreamIO.readAll() needs withSchema(schema): the streams are only"
                + " known at run time. Use readAllBatches() to read without a schema.");
      }
      SchemaConverter.toArrow(schema);
      ErrorHandler<BadRecord, ?> errors = getBadRecordErrorHandler();
      // With a handler the partitions are not checked up front: their batches go to it instead.
      PCollectionTuple rows =
          readPartitions(input, errors == null ? schema : null)
              .apply(
                  "ToRows",
                  ParDo.of(new BatchesToRowsFn(schema, errors != null))
                      .withOutputTags(BatchesToRowsFn.ROWS, badRecordOutput(errors)));
      sendBadRecords(rows, errors);
      return rows.get(BatchesToRowsFn.ROWS).setRowSchema(schema);
    }

    /**
     * Batches that do not convert to the schema go to {@code handler}; see {@link
     * Read#withErrorHandler}.
     */
    public ReadAll withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      checkArgumentNotNull(
          handler, "DataStreamIO.readAll().withErrorHandler(handler): handler must not be null");
      return toBuilder().setBadRecordErrorHandler(handler).build();
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      if (getSchema() != null) {
        builder.add(DisplayData.item("schema", getSchema().toString()).withLabel("Row schema"));
      }
    }
  }

  /** {@link DataStreamIO#readBatches()}. */
  @AutoValue
  public abstract static class ReadBatches extends PTransform<PBegin, PCollection<ArrowBatch>> {
    abstract @Nullable StreamConfig getConfig();

    abstract StreamOptions getOptions();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setConfig(StreamConfig config);

      abstract Builder setOptions(StreamOptions options);

      abstract ReadBatches build();
    }

    public ReadBatches from(String uri) {
      return from(StreamConfig.parse(uri));
    }

    public ReadBatches from(StreamConfig config) {
      checkArgumentNotNull(
          config, "DataStreamIO.readBatches().from(config): config must not be null");
      return toBuilder().setConfig(config).build();
    }

    /** How long one call to the stream's server may take (Flight). */
    public ReadBatches withTimeout(java.time.Duration timeout) {
      checkArgumentNotNull(
          timeout, "DataStreamIO.readBatches().withTimeout(timeout): timeout must not be null");
      return toBuilder().setOptions(getOptions().toBuilder().timeout(timeout).build()).build();
    }

    @Override
    public PCollection<ArrowBatch> expand(PBegin input) {
      StreamConfig config = getOptions().applyTo(requireConfig(getConfig(), "readBatches"));
      Transports.forConfig(config);
      return input
          .apply("Stream", Create.of(config).withCoder(StreamConfigCoder.of()))
          .apply("ReadAllBatches", readAllBatches());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      populateStreamDisplayData(builder, getConfig(), getOptions());
    }
  }

  /** {@link DataStreamIO#readAllBatches()}. */
  public static final class ReadAllBatches
      extends PTransform<PCollection<StreamConfig>, PCollection<ArrowBatch>> {
    private ReadAllBatches() {}

    @Override
    public PCollection<ArrowBatch> expand(PCollection<StreamConfig> input) {
      return readPartitions(input, null);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Lists the streams' partitions, spreads their batch ranges over workers and reads them as
   * batches; with an {@code expected} schema every partition is checked against it.
   */
  static PCollection<ArrowBatch> readPartitions(
      PCollection<StreamConfig> streams, @Nullable Schema expected) {
    return streams
        .apply("ListPartitions", ParDo.of(new ListPartitionsFn()))
        .setCoder(PartitionRefCoder.of())
        .apply("Distribute", new SpreadRanges())
        .apply("ReadPartitions", ParDo.of(new ReadPartitionFn(expected)))
        .setCoder(ArrowBatchCoder.of());
  }

  /**
   * Rows as they are; elements of any other schema'd type through their schema's to-row function.
   */
  @SuppressWarnings("unchecked")
  static <T> PCollection<Row> asRows(PCollection<T> elements) {
    if (Row.class.equals(
            elements.getTypeDescriptor() == null ? null : elements.getTypeDescriptor().getRawType())
        || elements.getCoder() instanceof org.apache.beam.sdk.coders.RowCoder) {
      return (PCollection<Row>) elements;
    }
    return elements.apply("ToRows", org.apache.beam.sdk.schemas.transforms.Convert.toRows());
  }

  /**
   * A step's bad-record output: declared only with a handler. An output nobody reads is not free:
   * Flink's batch translation cannot chain a step with two outputs to its consumer, so every
   * element would be serialized between them (measured: a third of a Rows read's CPU).
   */
  private static TupleTagList badRecordOutput(@Nullable ErrorHandler<BadRecord, ?> errors) {
    return errors == null ? TupleTagList.empty() : TupleTagList.of(BadRecordRouter.BAD_RECORD_TAG);
  }

  /** Hands the step's bad records to the handler, when there is one. */
  private static void sendBadRecords(
      PCollectionTuple outputs, @Nullable ErrorHandler<BadRecord, ?> errors) {
    if (errors != null) {
      errors.addErrorCollection(
          outputs
              .get(BadRecordRouter.BAD_RECORD_TAG)
              .setCoder(BadRecord.getCoder(outputs.getPipeline())));
    }
  }

  /**
   * Writes parts with the given DoFn (one write id per expansion), then commits them where needed.
   */
  static <T> WriteResult expandWrite(
      PCollection<T> input,
      StreamConfig config,
      Transport transport,
      java.util.function.Function<String, WritePartsFn<T>> writeFn,
      @Nullable Schema rowSchema,
      @Nullable ErrorHandler<BadRecord, ?> errors) {
    CommitParts.checkCommittable(input, config, transport);
    String writeId = UUID.randomUUID().toString();
    PCollectionTuple written =
        input.apply(
            "WriteParts",
            ParDo.of(writeFn.apply(writeId))
                .withOutputTags(WritePartsFn.PARTS, badRecordOutput(errors)));
    sendBadRecords(written, errors);
    PCollection<WrittenPart> parts =
        written.get(WritePartsFn.PARTS).setCoder(WrittenPartCoder.of());
    PCollection<WrittenPart> committed =
        parts.apply("CommitParts", new CommitParts(config, writeId, transport));
    if (AnnounceEndOfWrite.applies(input, config, transport)) {
      committed.apply("AnnounceEndOfWrite", new AnnounceEndOfWrite(config, writeId, rowSchema));
    }
    return new WriteResult(input.getPipeline(), committed);
  }

  /**
   * The Beam schema of an existing stream, read at construction time (a file footer, Flight
   * GetSchema).
   */
  static Schema discoverSchema(StreamConfig config, Transport transport) {
    Optional<org.apache.arrow.vector.types.pojo.Schema> arrow;
    try (BufferAllocator allocator = ArrowMemory.newChild("datastream-schema")) {
      arrow = transport.discoverSchema(config, allocator);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the schema of stream "
              + config.location()
              + ": "
              + e.getMessage()
              + ". If the stream is created later in the run, give the schema with withSchema(...).",
          e);
    }
    if (arrow.isEmpty()) {
      throw new IllegalArgumentException(
          "The schema of "
              + transport.name()
              + " stream "
              + config.location()
              + " is only known once data arrives. Give it with DataStreamIO.read().withSchema(schema),"
              + " or read with DataStreamIO.readBatches(), which carries each batch's schema.");
    }
    return SchemaConverter.toBeam(arrow.get());
  }

  static void populateStreamDisplayData(
      DisplayData.Builder builder, @Nullable StreamConfig given, StreamOptions options) {
    if (given == null) {
      return;
    }
    StreamConfig config = given;
    try {
      config = options.applyTo(given);
    } catch (IllegalArgumentException e) {
      builder.add(DisplayData.item("configError", e.getMessage()).withLabel("Configuration error"));
    }
    builder.add(DisplayData.item("uri", config.toUri()).withLabel("Stream"));
    try {
      Transport transport = Transports.forConfig(config);
      builder.add(DisplayData.item("transport", transport.name()).withLabel("Transport"));
      builder.add(
          DisplayData.item("delivery", CommitParts.describeDelivery(transport, config))
              .withLabel("Delivery guarantee"));
    } catch (IllegalArgumentException e) {
      builder.add(DisplayData.item("configError", e.getMessage()).withLabel("Configuration error"));
    }
  }

  static StreamConfig requireConfig(@Nullable StreamConfig config, String what) {
    if (config == null) {
      boolean read = what.startsWith("read");
      throw new IllegalArgumentException(
          "DataStreamIO."
              + what
              + "() needs a stream: call "
              + (read ? "from(\"file:///path\")" : "to(\"file:///path\")")
              + " with a URI such as file:///tmp/data,"
              + " flight://127.0.0.1:8815/name or socket://127.0.0.1:9000.");
    }
    return config;
  }

  private static void checkArgumentNotNull(@Nullable Object value, String message) {
    if (value == null) {
      throw new IllegalArgumentException(message);
    }
  }
}
