package org.datastreamio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.ArrowBatch;
import org.datastreamio.beam.ArrowBatchCoder;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.LoopbackStorage;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Arrow File transport on a real remote filesystem ({@link LoopbackStorage}): a Direct-runner
 * pipeline writes a few hundred thousand rows in several bundles (so several part files), a second
 * pipeline reads them back with a split read, and every row comes back exactly once while no staged
 * file stays visible.
 */
@ExtendWith(ArrowLeakCheck.class)
abstract class StorageRoundTripContract {
  static final int BATCHES = 300;
  static final int ROWS_PER_BATCH = 1_000;
  static final long ROWS = (long) BATCHES * ROWS_PER_BATCH;
  private static final Pattern PART = Pattern.compile("part-[0-9a-f]{32}-\\d{5}-of-\\d{5}\\.arrow");

  private String dir;

  abstract LoopbackStorage storage();

  @BeforeEach
  void freshDirectory() {
    storage().registerFileSystems();
    dir = storage().root() + "roundtrip-" + UUID.randomUUID();
  }

  @Test
  void batchesRoundTripThroughPartitionedWriteAndSplitRead() throws IOException {
    String out = dir + "/batches";
    Pipeline write = Pipeline.create(storage().pipelineOptions());
    write.apply(GenerateSequence.from(0).to(BATCHES))
        .apply("Batches", ParDo.of(new MakeBatchFn(ROWS_PER_BATCH)))
        .setCoder(ArrowBatchCoder.of())
        .apply(DataStreamIO.writeBatches().to(out));
    PipelineResult written = write.run();
    written.waitUntilFinish();

    List<String> files = onlyCommittedParts(out);
    assertTrue(files.size() >= 2, "several bundles should write several parts, got " + files);
    assertEquals(files.size(), counter(written, "partsCommitted"), "parts committed vs. files visible: " + files);

    Pipeline read = Pipeline.create(storage().pipelineOptions());
    PCollection<List<String>> rows = read.apply(DataStreamIO.readBatches().from(out))
        .apply("Rows", ParDo.of(new BatchRowsFn()))
        .setCoder(ListCoder.of(StringUtf8Coder.of()));
    PAssert.that(rows).satisfies(new SameRows(ROWS));
    PipelineResult result = read.run();
    result.waitUntilFinish();
    long restrictions = counter(result, "restrictionsRead");
    assertTrue(restrictions > files.size(),
        "the read should split the " + files.size() + " files into more ranges, read " + restrictions);
  }

  /**
   * Every file under the write's directory, listed by the service's own client, is a committed part;
   * and Beam's match of the directory (which also shows sub-directories) shows nothing else either.
   */
  private List<String> onlyCommittedParts(String out) throws IOException {
    List<String> files = storage().listFiles(out + "/");
    for (String f : files) {
      String name = f.substring(f.lastIndexOf('/') + 1);
      assertTrue(f.startsWith(out + "/") && PART.matcher(name).matches(),
          "only committed parts may be visible after the write, found " + f + " among " + files);
    }
    List<String> matched = new ArrayList<>();
    for (MatchResult.Metadata m : FileSystems.match(out + "/*", EmptyMatchTreatment.ALLOW).metadata()) {
      matched.add(m.resourceId().toString());
    }
    matched.sort(null);
    assertEquals(files, matched, "entries in " + out + " besides the parts (a staging folder left over?)");
    return files;
  }

  private static long counter(PipelineResult result, String name) {
    Iterable<MetricResult<Long>> counters = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(DataStreamIO.class, name)).build()).getCounters();
    long total = 0;
    for (MetricResult<Long> c : counters) {
      total += c.getAttempted();
    }
    return total;
  }

  /** Batch {@code n} holds rows {@code n*rows .. n*rows+rows-1} of {@link TestBatches}. */
  static final class MakeBatchFn extends DoFn<Long, ArrowBatch> {
    private final int rows;
    private transient BufferAllocator allocator;

    MakeBatchFn(int rows) {
      this.rows = rows;
    }

    @Setup
    public void setup() {
      allocator = ArrowMemory.newChild("test-make-batch");
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<ArrowBatch> out) {
      try (VectorSchemaRoot root = TestBatches.rows(allocator, n * rows, rows)) {
        out.output(ArrowBatch.of(root));
      }
    }

    @Teardown
    public void teardown() {
      if (allocator != null) {
        allocator.close();
      }
    }
  }

  /**
   * The rows of a batch, each as the string of its value list as {@link TestBatches#expected} gives
   * it: one element per batch keeps the Direct runner's per-element checks cheap.
   */
  static final class BatchRowsFn extends DoFn<ArrowBatch, List<String>> {
    @ProcessElement
    public void process(@Element ArrowBatch batch, OutputReceiver<List<String>> out) {
      try (BufferAllocator allocator = ArrowMemory.newChild("test-batch-rows");
          VectorSchemaRoot root = batch.open(allocator)) {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : TestBatches.values(root)) {
          rows.add(row.toString());
        }
        out.output(rows);
      }
    }
  }

  /**
   * Checks that the rows read are exactly rows {@code 0 .. count-1}, each once, in linear time (PAssert's
   * containsInAnyOrder is quadratic), reporting a few differences rather than the whole data.
   */
  static final class SameRows implements SerializableFunction<Iterable<List<String>>, Void> {
    private final long count;

    SameRows(long count) {
      this.count = count;
    }

    @Override
    public Void apply(Iterable<List<String>> actual) {
      Map<String, Long> balance = new HashMap<>();
      for (long v = 0; v < count; v++) {
        balance.merge(TestBatches.expected(v).toString(), 1L, Long::sum);
      }
      long read = 0;
      for (List<String> group : actual) {
        for (String row : group) {
          balance.merge(row, -1L, Long::sum);
          read++;
        }
      }
      List<String> missing = new ArrayList<>();
      List<String> extra = new ArrayList<>();
      for (Map.Entry<String, Long> e : balance.entrySet()) {
        if (e.getValue() > 0 && missing.size() < 5) {
          missing.add(e.getKey() + " x" + e.getValue());
        } else if (e.getValue() < 0 && extra.size() < 5) {
          extra.add(e.getKey() + " x" + -e.getValue());
        }
      }
      if (!missing.isEmpty() || !extra.isEmpty()) {
        fail("read " + read + " rows, expected " + count + " distinct rows once each; missing e.g. " + missing
            + ", unexpected or repeated e.g. " + extra);
      }
      return null;
    }
  }
}
