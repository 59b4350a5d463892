package org.datastreamio.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.datastreamio.arrow.IpcCompression;
import org.datastreamio.arrow.PlainColumns;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.spi.LineageName;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.WrittenPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrow IPC files on any Beam FileSystem: local disk, HDFS, S3, GCS. A write goes to a directory,
 * one file per bundle, staged and then renamed by the commit (exactly once). A read takes a file, a
 * directory or a glob; each file in the IPC file format is split by record batch.
 */
public final class ArrowFileTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(ArrowFileTransport.class);

  /** {@code format=file|stream}: the IPC layout written (reads detect it per file). */
  public static final String FORMAT = "format";

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("file", "hdfs", "s3", "gs");
  }

  @Override
  public Set<String> parameters() {
    return Set.of(FORMAT, IpcCompression.PARAMETER, FileLocations.PREFIX_PARAMETER);
  }

  @Override
  public void validate(StreamConfig config) {
    format(config);
    IpcCompression.from(config);
    String prefix = config.parameter(FileLocations.PREFIX_PARAMETER, "part");
    if (prefix.isEmpty() || prefix.contains("/") || !FileLocations.isDataFileName(prefix)) {
      throw new IllegalArgumentException(
          "Parameter 'prefix' of stream "
              + config.location()
              + " must be a plain file name start (no '/', not starting with '.' or '_'), got '"
              + prefix
              + "'");
    }
    if ("file".equals(config.scheme())
        && !config.authority().isEmpty()
        && !"localhost".equalsIgnoreCase(config.authority())) {
      // file://tmp/x would otherwise mean /x on this machine: a typo that writes outside the
      // intended tree.
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + " names host '"
              + config.authority()
              + "', but local files have no host: write three slashes, file:///"
              + config.authority()
              + config.path()
              + " (or a bare absolute path)");
    }
    if (config.path().isEmpty() || "/".equals(config.path()) && "file".equals(config.scheme())) {
      throw new IllegalArgumentException(
          "Stream "
              + config.location()
              + " needs a path, e.g. file:///tmp/out or s3://bucket/prefix");
    }
  }

  static IpcFormat format(StreamConfig config) {
    return config.enumParameter(FORMAT, IpcFormat.class, IpcFormat.FILE);
  }

  @Override
  public DeliveryGuarantee deliveryGuarantee(StreamConfig config) {
    return DeliveryGuarantee.EXACTLY_ONCE;
  }

  @Override
  public Optional<Schema> discoverSchema(StreamConfig config, BufferAllocator allocator)
      throws IOException {
    List<MatchResult.Metadata> files = FileListing.dataFiles(config);
    MatchResult.Metadata first = files.get(0);
    IpcFormat format = IpcFileProbe.detect(first.resourceId());
    try (IpcFileSource source = IpcFileSource.open(first.resourceId(), format, 0, allocator)) {
      return Optional.of(plainSchema(source, first.resourceId()));
    }
  }

  @Override
  public BatchSink openSink(
      StreamConfig config, SinkContext context, Schema schema, BufferAllocator allocator)
      throws IOException {
    IpcFormat format = format(config);
    StagingLeftovers.markOwner(config, context.writeId());
    ResourceId staged =
        FileLocations.stagedFile(
            config, context.writeId(), context.windowTag(), context.partId(), format);
    return new IpcFileSink(
        staged, context.windowTag(), format, IpcCompression.from(config), schema, allocator);
  }

  @Override
  public boolean requiresCommit(StreamConfig config) {
    return true;
  }

  @Override
  public List<WrittenPart> commit(
      StreamConfig config, String writeId, String windowTag, List<WrittenPart> parts)
      throws IOException {
    IpcFormat format = format(config);
    List<WrittenPart> sorted = new ArrayList<>(parts);
    // A stable order makes the final names the same if the runner retries this commit.
    sorted.sort(Comparator.comparing(WrittenPart::location));
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    List<WrittenPart> committed = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      ResourceId target =
          FileLocations.finalFile(config, writeId, windowTag, i, sorted.size(), format);
      from.add(FileSystems.matchNewResource(sorted.get(i).location(), false));
      to.add(target);
      committed.add(sorted.get(i).withLocation(target.toString()));
    }
    refuseOverwrites(config, writeId, from, to);
    try {
      // Missing sources are parts a previous attempt of this commit already renamed.
      FileSystems.rename(from, to, StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new IOException(
          "Cannot commit "
              + from.size()
              + " Arrow files of write "
              + writeId
              + " into "
              + config.location()
              + ": "
              + e.getMessage(),
          e);
    }
    removeStaging(config, writeId, windowTag);
    StagingLeftovers.clean(config, writeId);
    return committed;
  }

  /**
   * A final name that exists while its staged file still waits to be renamed belongs to someone
   * else (another write with the same id or prefix): renaming would silently replace it.
   */
  private static void refuseOverwrites(
      StreamConfig config, String writeId, List<ResourceId> from, List<ResourceId> to)
      throws IOException {
    for (int i = 0; i < from.size(); i++) {
      if (!FileListing.matched(to.get(i).toString()).isEmpty()
          && !FileListing.matched(from.get(i).toString()).isEmpty()) {
        throw new IOException(
            "Cannot commit write "
                + writeId
                + " into "
                + config.location()
                + ": "
                + to.get(i)
                + " already exists and belongs to another write. Nothing was replaced; write to an empty directory"
                + " or choose another 'prefix'.");
      }
    }
  }

  /**
   * Deletes what failed or retried bundles left in the staging folder. Best effort: data is already
   * committed.
   */
  private static void removeStaging(StreamConfig config, String writeId, String windowTag) {
    ResourceId staging = FileLocations.stagingDirectory(config, writeId, windowTag);
    try {
      List<ResourceId> leftovers = new ArrayList<>();
      for (MatchResult.Metadata m : FileListing.matched(staging.toString() + "*")) {
        leftovers.add(m.resourceId());
      }
      if (!leftovers.isEmpty()) {
        LOG.info(
            "Removing {} staged Arrow files of failed or retried bundles of write {}",
            leftovers.size(),
            writeId);
        FileSystems.delete(leftovers, StandardMoveOptions.IGNORE_MISSING_FILES);
      }
      FileSystems.delete(List.of(staging), StandardMoveOptions.IGNORE_MISSING_FILES);
      FileSystems.delete(
          List.of(FileLocations.writeStagingDirectory(config, writeId)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // Folders that still hold another window's staged parts, or object stores without folders.
      LOG.debug(
          "Staging cleanup for write {} in {} incomplete: {}",
          writeId,
          config.location(),
          e.toString());
    }
  }

  @Override
  public List<Partition> listPartitions(StreamConfig config, BufferAllocator allocator)
      throws IOException {
    List<Partition> partitions = new ArrayList<>();
    Schema agreed = null;
    ResourceId agreedFile = null;
    for (MatchResult.Metadata file : FileListing.dataFiles(config)) {
      ResourceId id = file.resourceId();
      IpcFormat format = IpcFileProbe.detect(id);
      byte[] handle = (format.name() + "|" + id).getBytes(StandardCharsets.UTF_8);
      long batches = Partition.UNKNOWN;
      Schema schema;
      try (IpcFileSource source = IpcFileSource.open(id, format, 0, allocator)) {
        if (format == IpcFormat.FILE) {
          batches = source.batchCount();
        }
        schema = plainSchema(source, id);
      }
      // One read is one stream: files of another schema would come out as rows of two shapes (or be
      // copied into parts of two schemas), so they are refused here, before anything is read.
      if (agreed == null) {
        agreed = schema;
        agreedFile = id;
      } else if (!agreed.getFields().equals(schema.getFields())) {
        throw new IOException(
            "Arrow files of "
                + config.location()
                + " do not share one schema: "
                + agreedFile
                + " has "
                + agreed
                + " but "
                + id
                + " has "
                + schema
                + ". Point the read at files of one schema,"
                + " e.g. with a glob such as dir/part-*.arrow, or move the others away.");
      }
      partitions.add(
          format == IpcFormat.FILE
              ? Partition.splittable(id.toString(), handle, batches, file.sizeBytes())
              : Partition.whole(id.toString(), handle, Partition.UNKNOWN, file.sizeBytes()));
    }
    return partitions;
  }

  @Override
  public BatchSource openEncodedSource(
      StreamConfig config,
      Partition partition,
      long fromBatch,
      long untilBatch,
      BufferAllocator allocator)
      throws IOException {
    String handle = new String(partition.handle(), StandardCharsets.UTF_8);
    int bar = handle.indexOf('|');
    IpcFormat format = IpcFormat.valueOf(handle.substring(0, bar));
    ResourceId file = FileSystems.matchNewResource(handle.substring(bar + 1), false);
    return IpcFileSource.open(file, format, fromBatch, allocator);
  }

  /** The schema readers see: dictionary-encoded columns as their plain value type. */
  private static Schema plainSchema(IpcFileSource source, ResourceId file) throws IOException {
    return PlainColumns.hasDictionaries(source.schema())
        ? PlainColumns.plainSchema(source.schema(), source.dictionaries(), "Arrow file " + file)
        : source.schema();
  }

  @Override
  public LineageName lineage(StreamConfig config) {
    return LineageName.of(
        "file".equals(config.scheme()) ? "filesystem" : config.scheme(),
        config.authority(),
        config.path());
  }
}
