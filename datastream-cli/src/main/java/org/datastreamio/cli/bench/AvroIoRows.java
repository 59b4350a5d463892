package org.datastreamio.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.cli.DemoRows;

/**
 * {@code avroio_rows}: Beam's own file IO for the same rows. One pipeline converts the demo rows
 * (in {@link PlainTypeRows}' types, which AvroUtils maps) to Avro records and writes them with
 * AvroIO to local files; a second reads them back and converts them to Rows, as a pipeline would
 * that reads Avro into a schema'd PCollection.
 */
final class AvroIoRows implements Contender {
  @Override
  public String name() {
    return "avroio_rows";
  }

  @Override
  public String description() {
    return "Beam AvroIO write then read of the same Rows through local files";
  }

  @Override
  public long run(BenchRun run) throws Exception {
    String runId = name() + "-" + UUID.randomUUID();
    Path dir = Files.createDirectories(run.workDir.resolve(runId));
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(PlainTypeRows.SCHEMA);
    Pipeline write = run.runner.newPipeline();
    DemoRows.generate(write, run.data.rows)
        .apply("PlainTypes", MapElements.into(TypeDescriptors.rows()).via(PlainTypeRows::of))
        .setRowSchema(PlainTypeRows.SCHEMA)
        .apply(
            "ToAvro",
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via(AvroUtils.getRowToGenericRecordFunction(avro)))
        .setCoder(AvroCoder.of(GenericRecord.class, avro))
        .apply(
            "Write",
            AvroIO.writeGenericRecords(avro)
                .to(dir.resolve("part").toString())
                .withSuffix(".avro"));
    Pipeline read = run.runner.newPipeline();
    read.apply("Read", AvroIO.readGenericRecords(avro).from(dir.resolve("part*.avro").toString()))
        .apply(
            "ToRows",
            MapElements.into(TypeDescriptors.rows())
                .via(AvroUtils.getGenericRecordToRowFunction(PlainTypeRows.SCHEMA)))
        .setRowSchema(PlainTypeRows.SCHEMA)
        .apply("Count", ParDo.of(new Arrivals.CountRows(runId)));
    return DsioContender.writeThenRead(run, runId, write, read);
  }
}
