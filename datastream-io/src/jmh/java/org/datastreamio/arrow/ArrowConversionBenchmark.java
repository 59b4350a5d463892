package org.datastreamio.arrow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.values.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rows per second each way for a typical schema: int64, ~16-char string, double, decimal(18,2),
 * timestamp, boolean, list of 3 int32, a nested row of 2 fields and a half-null string. Scores are
 * operations (rows) per second on one thread. From the repository root:
 *
 * <pre>
 * ./mvnw -B -q -Pjmh -pl datastream-io test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
 * java -cp datastream-io/target/test-classes:datastream-io/target/classes:$(cat datastream-io/target/jmh.classpath) \
 *     org.openjdk.jmh.Main ArrowConversionBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
public class ArrowConversionBenchmark {
  static final int BATCH = 4096;

  static final Schema NESTED = Schema.builder().addInt32Field("a").addStringField("b").build();
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addStringField("name")
          .addDoubleField("score")
          .addLogicalTypeField("amount", FixedPrecisionNumeric.of(18, 2))
          .addDateTimeField("at")
          .addBooleanField("flag")
          .addArrayField("ints", FieldType.INT32)
          .addRowField("nested", NESTED)
          .addNullableField("maybe", FieldType.STRING)
          .build();

  private BufferAllocator allocator;
  private RowToArrow writer;
  private RowToArrow filled;
  private ArrowToRow reader;
  private List<Row> rows;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    rows = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      rows.add(
          Row.withSchema(SCHEMA)
              .addValues(
                  (long) i,
                  "customer-" + (1_000_000 + random.nextInt(9_000_000)),
                  random.nextDouble() * 1000,
                  BigDecimal.valueOf(random.nextInt(10_000_000), 2),
                  new org.joda.time.Instant(1_700_000_000_000L + i),
                  random.nextBoolean(),
                  List.of(i, i + 1, i + 2),
                  Row.withSchema(NESTED).addValues(i, "n" + i).build(),
                  i % 2 == 0 ? null : "sometimes")
              .build());
    }
    allocator = ArrowMemory.newChild("benchmark");
    writer = new RowToArrow(SCHEMA, allocator);
    filled = new RowToArrow(SCHEMA, allocator);
    rows.forEach(filled::append);
    filled.finishBatch();
    reader = new ArrowToRow(SCHEMA, filled.root().getSchema());
  }

  @TearDown
  public void tearDown() {
    writer.close();
    filled.close();
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public VectorSchemaRoot rowsToArrow() {
    writer.reset();
    for (int i = 0; i < BATCH; i++) {
      writer.append(rows.get(i));
    }
    return writer.finishBatch();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void arrowToRows(Blackhole blackhole) {
    reader.convert(filled.root(), blackhole::consume);
  }

  void convertForThroughput(java.util.function.Consumer<Row> out) {
    reader.convert(filled.root(), out);
  }
}
