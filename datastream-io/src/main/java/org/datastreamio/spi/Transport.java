package org.datastreamio.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.datastreamio.arrow.DecodedBatchSource;

/**
 * One way of moving Arrow record batches (files, Flight, sockets, ...). Implementations are found
 * with {@link java.util.ServiceLoader} by URI scheme, so a new transport is a jar with a {@code
 * META-INF/services/org.datastreamio.spi.Transport} entry; nothing in the core names a transport.
 *
 * <p>Implementations must be stateless and thread-safe: DataStreamIO looks one up per DoFn instance
 * and calls it from many threads. Per-stream state lives in the sinks and sources it opens.
 *
 * <p>The write protocol: every bundle (per window) {@link #openSink opens a sink}, writes batches
 * and {@link BatchSink#finish() finishes} it, which yields a {@link WrittenPart}. When a transport
 * {@link #requiresCommit requires a commit}, DataStreamIO gathers the parts of successful bundles
 * after all bundles are done and calls {@link #commit} once; parts that were never committed
 * (failed or retried bundles) must stay invisible and are removed by that commit.
 *
 * <p>The read protocol: {@link #listPartitions} names independently readable pieces, and {@link
 * #openSource} reads one of them starting at a batch index, which is what a splittable DoFn needs
 * to resume or split a read.
 */
public interface Transport {

  /** A short name for messages and display data, e.g. {@code "file"}. */
  String name();

  /** The URI schemes this transport handles, e.g. {@code file}, {@code s3}, {@code hdfs}. */
  Set<String> schemes();

  /** Query parameters this transport understands besides {@link CommonParameters}. */
  Set<String> parameters();

  /**
   * Checks a config before a pipeline runs; throws {@link IllegalArgumentException} naming the URI
   * and the parameter that is wrong and what would be right. Unknown parameters are already
   * rejected.
   */
  default void validate(StreamConfig config) {}

  /** The guarantee this config gets when bundles are retried; may ask the endpoint. */
  DeliveryGuarantee deliveryGuarantee(StreamConfig config);

  /**
   * The guarantee as far as the config alone tells, without contacting anything (for display data
   * and checks while a pipeline is built, perhaps far from the endpoint); empty when only the
   * endpoint can tell, which {@link #deliveryGuarantee} then asks when the pipeline runs.
   */
  default Optional<DeliveryGuarantee> declaredDeliveryGuarantee(StreamConfig config) {
    return Optional.of(deliveryGuarantee(config));
  }

  /**
   * The stream's Arrow schema when it can be known before reading (a file footer, Flight
   * GetSchema); empty when only the data will tell (a socket that has not connected yet).
   */
  Optional<Schema> discoverSchema(StreamConfig config, BufferAllocator allocator)
      throws IOException;

  /** Opens a sink for one bundle's batches (of one window). */
  BatchSink openSink(
      StreamConfig config, SinkContext context, Schema schema, BufferAllocator allocator)
      throws IOException;

  /**
   * Whether a write needs the commit step: its parts must go through {@link #commit} before readers
   * see them. Decided from the config alone, without contacting anything, because it shapes the
   * pipeline when it is built; a transport that learns when the pipeline runs that its endpoint
   * took plain, already visible writes returns the parts from {@link #commit} unchanged.
   */
  default boolean requiresCommit(StreamConfig config) {
    return false;
  }

  /**
   * Makes exactly these parts of one write (and one window) visible and discards every other part
   * staged under the same write id and window. Called once per window after all bundles succeeded,
   * but must be idempotent: a runner can retry it. Returns the parts as readers now see them.
   */
  default List<WrittenPart> commit(
      StreamConfig config, String writeId, String windowTag, List<WrittenPart> parts)
      throws IOException {
    return parts;
  }

  /**
   * Whether a bounded write to this config ends with {@link #endOfWrite}. Decided from the config
   * alone, because it shapes the pipeline when it is built.
   */
  default boolean announcesEndOfWrite(StreamConfig config) {
    return false;
  }

  /**
   * Tells the endpoint that a bounded write is over, with every part it wrote (in every window,
   * after any commit), so a reader waiting for writers can end now. Called once per write after all
   * bundles succeeded, but a runner can call it again; best effort: a reader that does not hear it
   * ends by its own rule, so this logs rather than throws when the endpoint is gone.
   */
  default void endOfWrite(StreamConfig config, String writeId, List<WrittenPart> parts) {}

  /** The independently readable pieces of the stream, in a stable order. */
  List<Partition> listPartitions(StreamConfig config, BufferAllocator allocator) throws IOException;

  /**
   * Opens a partition for reading the batches {@code [fromBatch, untilBatch)} as the transport
   * receives them; {@code untilBatch} is {@code Long.MAX_VALUE} for "to the end". Columns may be
   * dictionary-encoded (pandas categoricals from pyarrow): the core decodes them in {@link
   * #openSource}, which is what every reader calls. A transport whose peer can be told where to
   * stop (so that it sends nothing past the range) uses {@code untilBatch}; others may read on, and
   * the reader stops at the range end and closes the source.
   */
  BatchSource openEncodedSource(
      StreamConfig config,
      Partition partition,
      long fromBatch,
      long untilBatch,
      BufferAllocator allocator)
      throws IOException;

  /**
   * Opens a partition for reading from batch {@code fromBatch} (0 = the start) to its end; see
   * below.
   */
  default BatchSource openSource(
      StreamConfig config, Partition partition, long fromBatch, BufferAllocator allocator)
      throws IOException {
    return openSource(config, partition, fromBatch, Long.MAX_VALUE, allocator);
  }

  /**
   * Opens a partition for reading, its dictionary-encoded columns handed out decoded, so no reader
   * (a pipeline, {@code datastream cat}, Hop) ever sees dictionary indices. Every read goes through
   * here; transports implement {@link #openEncodedSource} and do not override this.
   */
  default BatchSource openSource(
      StreamConfig config,
      Partition partition,
      long fromBatch,
      long untilBatch,
      BufferAllocator allocator)
      throws IOException {
    return DecodedBatchSource.of(
        openEncodedSource(config, partition, fromBatch, untilBatch, allocator),
        partition.name(),
        allocator);
  }

  /**
   * Where this stream is for Beam's Lineage, as {@code system} plus path segments, e.g. {@code
   * ("flight", ["127.0.0.1:8815", "orders"])}.
   */
  default LineageName lineage(StreamConfig config) {
    return LineageName.of(name(), config.authority(), config.path());
  }
}
