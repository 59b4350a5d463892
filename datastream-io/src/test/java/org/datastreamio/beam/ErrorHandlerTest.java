package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.server.DataStreamFlightServer;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows that do not fit their Arrow column go to Beam's error handler, with the reason, while the
 * rest of their bundle is written exactly once; batches that do not convert to a read's schema
 * likewise.
 */
@ExtendWith(ArrowLeakCheck.class)
class ErrorHandlerTest {
  /**
   * Arrow timestamps here are microseconds; a LocalDateTime with nanoseconds does not fit (never
   * rounded).
   */
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addLogicalTypeField("at", SqlTypes.DATETIME)
          .addStringField("name")
          .build();

  static final int ROWS = 2000;

  @TempDir Path dir;

  static boolean bad(long id) {
    return id % 10 == 3;
  }

  static Row row(long id) {
    LocalDateTime at =
        LocalDateTime.of(2024, 1, 1, 0, 0)
            .plusSeconds(id)
            .plusNanos(bad(id) ? 1 : (id % 1000) * 1000);
    return Row.withSchema(SCHEMA).addValues(id, at, "name-" + id).build();
  }

  static List<Row> rows(boolean wantBad) {
    List<Row> out = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      if (bad(id) == wantBad) {
        out.add(row(id));
      }
    }
    return out;
  }

  /**
   * What a handler collects, as the rows the bad records hold (decoded from their encoded form).
   */
  static final class DecodeBadRows extends PTransform<PCollection<BadRecord>, PCollection<Row>> {
    @Override
    public PCollection<Row> expand(PCollection<BadRecord> input) {
      return input
          .apply(MapElements.into(TypeDescriptors.rows()).via(ErrorHandlerTest::decode))
          .setRowSchema(SCHEMA);
    }
  }

  static Row decode(BadRecord record) {
    String description =
        record.getFailure().getDescription() + " " + record.getFailure().getException();
    if (!description.contains("'at'") || !description.contains("MICROSECOND")) {
      throw new AssertionError("the failure names the field and the reason: " + description);
    }
    try {
      return RowCoder.of(SCHEMA)
          .decode(new ByteArrayInputStream(record.getRecord().getEncodedRecord()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "flight"})
  void badRowsGoToTheHandlerAndGoodOnesArriveOnce(String transport) throws Exception {
    try (DataStreamFlightServer server =
        transport.equals("flight") ? DataStreamFlightServer.builder().port(0).start() : null) {
      String uri = server != null ? server.uri("errors") : "file://" + dir + "/errors";
      Pipeline write = Pipelines.direct();
      PCollection<Row> input =
          write
              .apply(GenerateSequence.from(0).to(ROWS))
              .apply(MapElements.into(TypeDescriptors.rows()).via(ErrorHandlerTest::row))
              .setRowSchema(SCHEMA);
      BadRecordErrorHandler<PCollection<Row>> handler =
          write.registerBadRecordErrorHandler(new DecodeBadRows());
      input.apply(DataStreamIO.write().to(uri).withBatchRows(64).withErrorHandler(handler));
      handler.close();
      PAssert.that(handler.getOutput()).satisfies(Multiset.equalTo(rows(true)));
      PipelineResult result = write.run();
      result.waitUntilFinish();
      assertEquals((long) rows(true).size(), counter(result, "badRecords"));
      assertEquals((long) rows(false).size(), counter(result, "rowsWritten"));

      Pipeline read = Pipelines.direct();
      PAssert.that(read.apply(DataStreamIO.read().from(uri)))
          .satisfies(Multiset.equalTo(rows(false)));
      read.run().waitUntilFinish();
    }
  }

  static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(DataStreamIO.class, name))
                    .build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  @Test
  void readRoutesBatchesOfAnotherSchema() throws Exception {
    // Two writes into one folder with the same column names: one of them has text where the read
    // wants numbers.
    Schema other =
        Schema.builder()
            .addStringField("id")
            .addLogicalTypeField("at", SqlTypes.DATETIME)
            .addStringField("name")
            .build();
    Pipeline write = Pipelines.direct();
    write
        .apply("Good", GenerateSequence.from(0).to(100))
        .apply("GoodRows", MapElements.into(TypeDescriptors.rows()).via((Long id) -> row(id * 10)))
        .setRowSchema(SCHEMA)
        .apply("WriteGood", DataStreamIO.write().to("file://" + dir + "/good"));
    write
        .apply("Other", GenerateSequence.from(0).to(10))
        .apply(
            "OtherRows",
            MapElements.into(TypeDescriptors.rows())
                .via(
                    (Long id) ->
                        Row.withSchema(other)
                            .addValues("x" + id, LocalDateTime.of(2024, 1, 1, 0, 0), "o")
                            .build()))
        .setRowSchema(other)
        .apply("WriteOther", DataStreamIO.write().withBatchRows(5).to("file://" + dir + "/other"));
    write.run().waitUntilFinish();

    List<Row> good = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      good.add(row(id * 10));
    }
    Pipeline read = Pipelines.direct();
    BadRecordErrorHandler<PCollection<Long>> handler =
        read.registerBadRecordErrorHandler(new CountBad());
    PCollection<Row> rows =
        read.apply(
                org.apache.beam.sdk.transforms.Create.of(
                        org.datastreamio.spi.StreamConfig.parse("file://" + dir + "/good"),
                        org.datastreamio.spi.StreamConfig.parse("file://" + dir + "/other"))
                    .withCoder(
                        org.apache.beam.sdk.coders.SerializableCoder.of(
                            org.datastreamio.spi.StreamConfig.class)))
            .apply(DataStreamIO.readAll().withSchema(SCHEMA).withErrorHandler(handler));
    handler.close();
    PAssert.that(rows).satisfies(Multiset.equalTo(good));
    PAssert.thatSingleton(handler.getOutput()).isEqualTo(10L);
    PipelineResult result = read.run();
    result.waitUntilFinish();
    assertTrue(
        counter(result, "badRecords") >= 2,
        "the other write's batches (of at most five rows) routed whole");
  }

  /**
   * Without a handler the write and read steps have their main output only. An unread bad-record
   * output is not free: Flink's batch translation cannot chain a step with two outputs to its
   * consumer, so every row a read converted was serialized once more (a third of the Rows read's
   * CPU on Flink, docs/performance.md).
   */
  @Test
  void withoutAHandlerTheWriteAndReadStepsHaveOnlyTheirMainOutput() {
    Pipeline p = Pipelines.direct();
    p.apply(GenerateSequence.from(0).to(10))
        .apply(MapElements.into(TypeDescriptors.rows()).via(ErrorHandlerTest::row))
        .setRowSchema(SCHEMA)
        .apply(DataStreamIO.write().to("file://" + dir + "/plain"));
    p.apply(DataStreamIO.read().from("file://" + dir + "/plain").withSchema(SCHEMA));
    assertEquals(
        java.util.Map.of("WriteParts", 1, "ToRows", 1), outputsOfSteps(p, "WriteParts", "ToRows"));

    Pipeline handled = Pipelines.direct();
    BadRecordErrorHandler<PCollection<Row>> writeErrors =
        handled.registerBadRecordErrorHandler(new DecodeBadRows());
    handled
        .apply(GenerateSequence.from(0).to(10))
        .apply(MapElements.into(TypeDescriptors.rows()).via(ErrorHandlerTest::row))
        .setRowSchema(SCHEMA)
        .apply(DataStreamIO.write().to("file://" + dir + "/plain").withErrorHandler(writeErrors));
    writeErrors.close();
    BadRecordErrorHandler<PCollection<Long>> readErrors =
        handled.registerBadRecordErrorHandler(new CountBad());
    handled.apply(
        DataStreamIO.read()
            .from("file://" + dir + "/plain")
            .withSchema(SCHEMA)
            .withErrorHandler(readErrors));
    readErrors.close();
    assertEquals(
        java.util.Map.of("WriteParts", 2, "ToRows", 2),
        outputsOfSteps(handled, "WriteParts", "ToRows"));
  }

  /** How many outputs the pipeline's steps whose names end with these have. */
  static java.util.Map<String, Integer> outputsOfSteps(Pipeline p, String... names) {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(
              org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            visit(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(
              org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            visit(node);
          }

          private void visit(org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            for (String name : names) {
              if (node.getFullName().endsWith("/" + name)) {
                out.merge(name, node.getOutputs().size(), Integer::sum);
              }
            }
          }
        });
    return out;
  }

  /** The rows of the routed batches, decoded from the bad records, summed. */
  static final class CountBad extends PTransform<PCollection<BadRecord>, PCollection<Long>> {
    @Override
    public PCollection<Long> expand(PCollection<BadRecord> input) {
      return input
          .apply(
              MapElements.into(TypeDescriptors.longs())
                  .via(
                      (BadRecord r) -> {
                        try {
                          return (long)
                              ArrowBatchCoder.of()
                                  .decode(
                                      new ByteArrayInputStream(r.getRecord().getEncodedRecord()))
                                  .rowCount();
                        } catch (java.io.IOException e) {
                          throw new AssertionError(e);
                        }
                      }))
          .apply(org.apache.beam.sdk.transforms.Sum.longsGlobally());
    }
  }
}
