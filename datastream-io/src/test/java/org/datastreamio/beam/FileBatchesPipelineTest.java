package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.BatchSink;
import org.datastreamio.spi.SinkContext;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import org.datastreamio.spi.WrittenPart;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.TestBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The columnar path end to end on the Direct runner: writeBatches into files, readBatches back. */
@ExtendWith(ArrowLeakCheck.class)
class FileBatchesPipelineTest {
  @TempDir Path dir;

  static List<ArrowBatch> batches(int count, int rowsPerBatch) {
    List<ArrowBatch> out = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("test-batches")) {
      for (int b = 0; b < count; b++) {
        try (VectorSchemaRoot root =
            TestBatches.rows(allocator, (long) b * rowsPerBatch, rowsPerBatch)) {
          out.add(ArrowBatch.of(root));
        }
      }
    }
    return out;
  }

  static List<String> expectedRows(long count) {
    List<String> rows = new ArrayList<>();
    for (long v = 0; v < count; v++) {
      rows.add(TestBatches.expected(v).toString());
    }
    return rows;
  }

  /** Every row of every batch as its value list's string: multiset comparison with PAssert. */
  static class BatchRowsFn extends DoFn<ArrowBatch, String> {
    @ProcessElement
    public void process(@Element ArrowBatch batch, OutputReceiver<String> out) {
      try (BufferAllocator allocator = ArrowMemory.newChild("assert");
          VectorSchemaRoot root = batch.open(allocator)) {
        for (List<Object> row : TestBatches.values(root)) {
          out.output(row.toString());
        }
      }
    }
  }

  @Test
  void writeBatchesThenReadBatches() throws IOException {
    String uri = "file://" + dir + "/out?compression=zstd";
    Pipeline write = Pipelines.direct();
    WriteResult result =
        write
            .apply(Create.of(batches(40, 250)).withCoder(ArrowBatchCoder.of()))
            .apply(DataStreamIO.writeBatches().to(uri));
    PAssert.that(result.getWrittenParts())
        .satisfies(
            parts -> {
              long rows = 0;
              for (WrittenPart p : parts) {
                assertTrue(p.location().contains("/out/part-"), p.location());
                rows += p.rows();
              }
              assertEquals(10_000, rows);
              return null;
            });
    write.run().waitUntilFinish();

    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
      assertTrue(
          names.stream().allMatch(n -> n.startsWith("part-") && n.endsWith(".arrow")),
          names.toString());
    }

    Pipeline read = Pipelines.direct();
    PCollection<String> rows =
        read.apply(DataStreamIO.readBatches().from("file://" + dir + "/out"))
            .apply(ParDo.of(new BatchRowsFn()));
    PAssert.that(rows).containsInAnyOrder(expectedRows(10_000));
    read.run().waitUntilFinish();
  }

  @Test
  void oneLargeFileIsSplitIntoBatchRanges() throws IOException {
    // One file of 64 batches; the read splits it and must read each row once.
    StreamConfig big = StreamConfig.parse("file://" + dir + "/big");
    Transport transport = Transports.forConfig(big);
    try (BufferAllocator allocator = ArrowMemory.newChild("writer");
        VectorSchemaRoot root = VectorSchemaRoot.create(TestBatches.SCHEMA, allocator)) {
      WrittenPart part;
      try (BatchSink sink =
          transport.openSink(big, SinkContext.of("w", "p", ""), TestBatches.SCHEMA, allocator)) {
        for (int b = 0; b < 64; b++) {
          TestBatches.fill(root, b * 100L, 100);
          sink.write(root);
        }
        part = sink.finish();
      }
      transport.commit(big, "w", "", List.of(part));
    }

    Pipeline read = Pipelines.direct();
    PCollection<String> rows =
        read.apply(DataStreamIO.readBatches().from("file://" + dir + "/big"))
            .apply(ParDo.of(new BatchRowsFn()));
    PAssert.that(rows).containsInAnyOrder(expectedRows(6_400));
    PipelineResult result = read.run();
    result.waitUntilFinish();
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DataStreamIO.class, "restrictionsRead"))
                    .build());
    long restrictions = metrics.getCounters().iterator().next().getCommitted();
    assertTrue(
        restrictions >= ReadPartitionFn.MIN_SPLITS,
        "expected the file to be split, read " + restrictions + " restrictions");
  }
}
