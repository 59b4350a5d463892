package org.datastreamio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.arrow.SchemaConverter;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.LoopbackStorage;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Arrow File transport on a real remote filesystem ({@link LoopbackStorage}): a Direct-runner
 * pipeline writes a few hundred thousand Rows from several bundles, so several part files; a second
 * pipeline reads them back with a split read. Every row comes back exactly once, and no staged file
 * stays visible after the write.
 */
@ExtendWith(ArrowLeakCheck.class)
abstract class StorageRoundTripContract {
  /** Bundles, hence part files, of the write: one per seed after a reshuffle. */
  static final int PARTS = 3;

  static final long ROWS_PER_PART = 80_000;
  static final long ROWS = PARTS * ROWS_PER_PART;

  /**
   * 16 batches per part: enough for the read to split each file into ranges (ReadPartitionFn splits
   * a file of 16 or more batches), few enough for the Direct runner, which checkpoints a read every
   * 100 output rows and so resumes once per batch.
   */
  static final int BATCH_ROWS = 5_000;

  static final Schema ROW_SCHEMA = SchemaConverter.toBeam(TestBatches.SCHEMA);
  private static final Pattern PART = Pattern.compile("part-[0-9a-f]{32}-\\d{5}-of-\\d{5}\\.arrow");

  private String dir;

  abstract LoopbackStorage storage();

  @BeforeEach
  void freshDirectory() {
    storage().registerFileSystems();
    dir = storage().root() + "roundtrip-" + UUID.randomUUID();
  }

  @Test
  void rowsRoundTripThroughPartitionedWriteAndSplitRead() throws IOException {
    String out = dir + "/rows";
    Pipeline write = Pipeline.create(volumeOptions());
    write
        .apply(GenerateSequence.from(0).to(PARTS))
        // The Direct runner gives every key group its own bundle: one part file per seed.
        .apply("OneBundlePerSeed", Reshuffle.viaRandomKey())
        .apply("Rows", ParDo.of(new RowsOfSeedFn(ROWS_PER_PART)))
        .setRowSchema(ROW_SCHEMA)
        .apply(DataStreamIO.write().to(out + "?batchRows=" + BATCH_ROWS));
    PipelineResult written = write.run();
    written.waitUntilFinish();

    List<String> files = onlyCommittedParts(out);
    assertTrue(files.size() >= 2, "several bundles should write several parts, got " + files);
    assertEquals(
        files.size(),
        counter(written, "partsCommitted"),
        "parts committed vs. files visible: " + files);
    assertEquals(
        ROWS / BATCH_ROWS,
        counter(written, "batchesWritten"),
        "batches of batchRows=" + BATCH_ROWS);
    assertEveryFileSplittable(out, files.size());

    Pipeline read = Pipeline.create(volumeOptions());
    PCollection<Row> rows = read.apply(DataStreamIO.read().from(out));
    assertEquals(ROW_SCHEMA, rows.getSchema(), "the schema read from the files is the one written");
    PAssert.that(rows).satisfies(new SameRows(ROWS));
    PipelineResult result = read.run();
    result.waitUntilFinish();
    long restrictions = counter(result, "restrictionsRead");
    assertTrue(
        restrictions > files.size(),
        "the read should split the "
            + files.size()
            + " files into more ranges, read "
            + restrictions);
  }

  /**
   * The storage's options without the Direct runner's per-element immutability and encodability
   * checks: they encode each of the few hundred thousand rows several times, and the DoFns they
   * would check are checked by the smaller pipeline tests in {@code org.datastreamio.beam}.
   */
  private PipelineOptions volumeOptions() {
    DirectOptions options = storage().pipelineOptions().as(DirectOptions.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    return options;
  }

  /**
   * Every file under the write's directory, listed by the service's own client, is a committed
   * part; and Beam's match of the directory (which also shows sub-directories) shows nothing else
   * either.
   */
  private List<String> onlyCommittedParts(String out) throws IOException {
    List<String> files = storage().listFiles(out + "/");
    for (String f : files) {
      String name = f.substring(f.lastIndexOf('/') + 1);
      assertTrue(
          f.startsWith(out + "/") && PART.matcher(name).matches(),
          "only committed parts may be visible after the write, found " + f + " among " + files);
    }
    List<String> matched = new ArrayList<>();
    for (MatchResult.Metadata m :
        FileSystems.match(out + "/*", EmptyMatchTreatment.ALLOW).metadata()) {
      matched.add(m.resourceId().toString());
    }
    matched.sort(null);
    assertEquals(
        files, matched, "entries in " + out + " besides the parts (a staging folder left over?)");
    return files;
  }

  /** The transport offers each file as one partition the read may split by batch ranges. */
  private static void assertEveryFileSplittable(String out, int files) throws IOException {
    StreamConfig config = StreamConfig.parse(out);
    List<Partition> partitions;
    try (BufferAllocator allocator = ArrowMemory.newChild("test-list-partitions")) {
      partitions = Transports.forConfig(config).listPartitions(config, allocator);
    }
    assertEquals(files, partitions.size(), "one partition per file: " + partitions);
    for (Partition p : partitions) {
      assertTrue(
          p.isSplittable() && p.batchCount() >= 16,
          "part " + p.name() + " should be splittable with 16+ batches, has " + p.batchCount());
    }
  }

  private static long counter(PipelineResult result, String name) {
    Iterable<MetricResult<Long>> counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DataStreamIO.class, name))
                    .build())
            .getCounters();
    long total = 0;
    for (MetricResult<Long> c : counters) {
      total += c.getAttempted();
    }
    return total;
  }

  /** Row {@code v} of {@link #ROW_SCHEMA}: the values of {@link TestBatches#expected}. */
  static Row row(long v) {
    return Row.withSchema(ROW_SCHEMA).addValues(TestBatches.expected(v)).build();
  }

  /** Seed {@code s} becomes rows {@code s*n .. s*n+n-1}. */
  static final class RowsOfSeedFn extends DoFn<Long, Row> {
    private final long rowsPerSeed;

    RowsOfSeedFn(long rowsPerSeed) {
      this.rowsPerSeed = rowsPerSeed;
    }

    @ProcessElement
    public void process(@Element Long seed, OutputReceiver<Row> out) {
      for (long v = seed * rowsPerSeed; v < (seed + 1) * rowsPerSeed; v++) {
        out.output(row(v));
      }
    }
  }

  /**
   * The rows read are rows {@code 0 .. count-1}, each once (expected values built here, not
   * shipped).
   */
  static final class SameRows implements SerializableFunction<Iterable<Row>, Void> {
    private final long count;

    SameRows(long count) {
      this.count = count;
    }

    @Override
    public Void apply(Iterable<Row> actual) {
      List<List<Object>> expected = new ArrayList<>();
      for (long v = 0; v < count; v++) {
        expected.add(TestBatches.expected(v));
      }
      List<List<Object>> values = new ArrayList<>();
      for (Row row : actual) {
        values.add(row.getValues());
      }
      Multiset.assertSameMultiset(expected, values);
      return null;
    }
  }
}
