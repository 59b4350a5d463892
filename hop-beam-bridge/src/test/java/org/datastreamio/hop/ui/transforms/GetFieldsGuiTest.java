package org.datastreamio.hop.ui.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.metadata.serializer.memory.MemoryMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.apache.hop.ui.core.widget.TableView;
import org.apache.hop.ui.hopgui.HopGuiImpl;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.datastreamio.hop.ui.DataStreamProbe;
import org.datastreamio.hop.ui.GuiTesting;
import org.datastreamio.hop.ui.VirtualDisplay;
import org.datastreamio.hop.ui.transforms.input.DataStreamInputDialog;
import org.datastreamio.testing.ArrowLeakCheck;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** "Get fields" and the editor's Test read a real Arrow file's schema through the Data Stream. */
@ExtendWith({VirtualDisplay.class, ArrowLeakCheck.class})
class GetFieldsGuiTest {
  @TempDir Path dir;

  @Test
  void getFieldsFillsTheTableFromTheArrowFileSchema() throws Exception {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("customer", new ArrowType.Utf8()),
                Field.nullable("amount", new ArrowType.Decimal(12, 2, 128)),
                Field.nullable(
                    "score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    Path folder = Files.createDirectories(dir.resolve("orders"));
    writeEmptyArrowFile(folder.resolve("part-0.arrow"), schema);

    DataStream stream =
        new DataStream("orders-here", new ArrowFileStream(folder.toString(), "file"));
    stream.setSchemaReference(folder.resolve("part-0.arrow").toString());
    MemoryMetadataProvider provider = new MemoryMetadataProvider();
    provider.getSerializer(DataStream.class).save(stream);

    var display = GuiTesting.display();
    HopGuiImpl.useMetadata(provider);
    DataStreamInputMeta meta = new DataStreamInputMeta();
    meta.setDataStreamName("orders-here");
    PipelineMeta pipeline = new PipelineMeta();
    TransformMeta transform = new TransformMeta("read", meta);
    pipeline.addTransform(transform);
    meta.setParentTransformMeta(transform);

    Shell parent = new Shell(display);
    try {
      DataStreamInputDialog dialog =
          new DataStreamInputDialog(parent, GuiTesting.variables(), meta, pipeline);
      dialog.build();
      assertEquals(0, dialog.fieldTable().nrNonEmpty());
      dialog.pressGetFields();
      TableView table = dialog.fieldTable();
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < table.nrNonEmpty(); i++) {
        rows.add(
            table.getNonEmpty(i).getText(1)
                + ":"
                + table.getNonEmpty(i).getText(2)
                + ":"
                + table.getNonEmpty(i).getText(3));
      }
      assertEquals(
          List.of("id:Integer:", "customer:String:", "amount:BigNumber:2", "score:Number:"), rows);
      dialog.pressOk();
      assertEquals(4, meta.getFields().size());
      assertEquals(2, meta.getFields().get(2).getPrecision());
    } finally {
      GuiTesting.close(parent);
    }

    String report = DataStreamProbe.report(stream, GuiTesting.variables());
    assertTrue(
        report.contains("4 fields") && report.contains("customer") && report.contains("amount"),
        report);
  }

  private static void writeEmptyArrowFile(Path file, Schema schema) throws Exception {
    try (BufferAllocator allocator = ArrowMemory.newChild("get-fields-test");
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        FileOutputStream out = new FileOutputStream(file.toFile());
        ArrowFileWriter writer = new ArrowFileWriter(root, null, out.getChannel())) {
      writer.start();
      root.setRowCount(0);
      writer.writeBatch();
      writer.end();
    }
  }
}
