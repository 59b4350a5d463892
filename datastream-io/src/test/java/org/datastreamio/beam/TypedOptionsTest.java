package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.DeliveryGuarantee;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Multiset;
import org.datastreamio.testing.Pipelines;
import org.datastreamio.testing.TypeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * withX() options in any order, merged with the URI's parameters, and checked in the written bytes.
 */
@ExtendWith(ArrowLeakCheck.class)
class TypedOptionsTest {
  @TempDir Path dir;

  @Test
  void optionsGivenInAnyOrderEndUpInTheStream() {
    String uri = "file://" + dir + "/x";
    List<UnaryOperator<DataStreamIO.Write>> steps =
        List.of(
            w -> w.to(uri),
            w -> w.withBatchRows(10),
            w -> w.withBatchBytes(4096),
            w -> w.withCompression("zstd"));
    for (List<UnaryOperator<DataStreamIO.Write>> order : permutations(steps)) {
      DataStreamIO.Write write = DataStreamIO.write();
      for (UnaryOperator<DataStreamIO.Write> step : order) {
        write = step.apply(write);
      }
      assertEquals(
          "file://" + dir + "/x?batchBytes=4096&batchRows=10&compression=zstd",
          write.getOptions().applyTo(write.getConfig()).toUri());
    }
    // A second to() keeps the options given before it.
    DataStreamIO.Write retargeted =
        DataStreamIO.write().to(uri).withBatchRows(10).to("file://" + dir + "/y");
    assertEquals(
        "file://" + dir + "/y?batchRows=10",
        retargeted.getOptions().applyTo(retargeted.getConfig()).toUri());
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T first = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> p = new ArrayList<>();
        p.add(first);
        p.addAll(tail);
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void aConflictWithTheUriNamesBothValues() {
    DataStreamIO.Write write =
        DataStreamIO.write().to("file://" + dir + "/x?batchRows=5").withBatchRows(10);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> write.getOptions().applyTo(write.getConfig()));
    assertTrue(
        e.getMessage().contains("batchRows=5") && e.getMessage().contains("withBatchRows(10)"),
        e.getMessage());

    DataStreamIO.Write same =
        DataStreamIO.write()
            .to("file://" + dir + "/x?batchBytes=64k&compression=ZSTD")
            .withBatchBytes(65536)
            .withCompression("zstd");
    assertEquals(
        "file://" + dir + "/x?batchBytes=65536&compression=zstd",
        same.getOptions().applyTo(same.getConfig()).toUri());

    DataStreamIO.Write fileDelivery =
        DataStreamIO.write()
            .to("file://" + dir + "/x")
            .withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
    IllegalArgumentException notHere =
        assertThrows(
            IllegalArgumentException.class,
            () -> fileDelivery.getOptions().applyTo(fileDelivery.getConfig()));
    assertTrue(
        notHere.getMessage().startsWith("withDeliveryGuarantee(...) does not apply to file stream"),
        notHere.getMessage());

    DataStreamIO.Write flight =
        DataStreamIO.write()
            .to("flight://127.0.0.1:1/s")
            .withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .withTimeout(Duration.ofSeconds(5));
    assertEquals(
        "flight://127.0.0.1:1/s?delivery=at-least-once&timeout=5000ms",
        flight.getOptions().applyTo(flight.getConfig()).toUri());

    DataStreamIO.Write badCodec =
        DataStreamIO.write().to("file://" + dir + "/x").withCompression("snappy");
    IllegalArgumentException codec =
        assertThrows(
            IllegalArgumentException.class,
            () -> badCodec.getOptions().applyTo(badCodec.getConfig()));
    assertTrue(
        codec.getMessage().contains("compression") && codec.getMessage().contains("snappy"),
        codec.getMessage());

    DisplayData display =
        DisplayData.from(DataStreamIO.write().withBatchRows(7).to("file://" + dir + "/d"));
    assertTrue(display.toString().contains("batchRows=7"), display.toString());
  }

  @Test
  void batchRowsAndCompressionReachTheWrittenFiles() throws IOException {
    int count = 1000;
    Pipeline p = Pipelines.direct();
    FileRowsPipelineTest.typeTable(p, count)
        .apply(
            DataStreamIO.write()
                .withCompression("lz4")
                .withBatchRows(100)
                .to("file://" + dir + "/out"));
    p.run().waitUntilFinish();

    long rows = 0;
    int batches = 0;
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir.resolve("out"))) {
      files =
          listed
              .filter(f -> f.getFileName().toString().endsWith(".arrow"))
              .collect(Collectors.toList());
    }
    assertTrue(!files.isEmpty());
    try (BufferAllocator allocator = ArrowMemory.newChild("typed-options-test")) {
      for (Path file : files) {
        try (SeekableByteChannel channel = Files.newByteChannel(file);
            ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
          for (ArrowBlock block : reader.getRecordBlocks()) {
            SeekableReadChannel in = new SeekableReadChannel(channel);
            in.setPosition(block.getOffset());
            try (ArrowRecordBatch batch =
                MessageSerializer.deserializeRecordBatch(in, block, allocator)) {
              assertTrue(
                  batch.getLength() <= 100,
                  file + " has a batch of " + batch.getLength() + " rows");
              assertEquals(
                  CompressionUtil.CodecType.LZ4_FRAME.getType(),
                  batch.getBodyCompression().getCodec(),
                  file + ": the body is compressed with the codec asked for");
              rows += batch.getLength();
              batches++;
            }
          }
        }
      }
    }
    assertEquals(count, rows);
    assertTrue(batches >= 10, batches + " batches");

    Pipeline q = Pipelines.direct();
    PCollection<Row> back = q.apply(DataStreamIO.read().from("file://" + dir + "/out"));
    PAssert.that(back).satisfies(Multiset.equalTo(TypeTable.rows(count)));
    q.run().waitUntilFinish();
  }
}
