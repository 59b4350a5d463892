package org.datastreamio.hop.ui.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.apache.hop.ui.hopgui.HopGuiImpl;
import org.datastreamio.hop.transforms.input.DataStreamInputField;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.datastreamio.hop.transforms.output.DataStreamOutputMeta;
import org.datastreamio.hop.ui.GuiTesting;
import org.datastreamio.hop.ui.Screenshots;
import org.datastreamio.hop.ui.VirtualDisplay;
import org.datastreamio.hop.ui.transforms.input.DataStreamInputDialog;
import org.datastreamio.hop.ui.transforms.output.DataStreamOutputDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both transform dialogs open on an existing transform, show its settings and save it back
 * unchanged.
 */
@ExtendWith(VirtualDisplay.class)
class DataStreamTransformDialogsGuiTest {

  @Test
  void outputDialogLoadsAndSavesBackUnchanged() throws Exception {
    Display display = GuiTesting.display();
    HopGuiImpl.useMetadata(GuiTesting.sampleProject());
    DataStreamOutputMeta meta = new DataStreamOutputMeta();
    meta.setDataStreamName("orders-flight");
    PipelineMeta pipeline = pipelineWith("Data Stream Output", meta);
    assertEquals(
        DataStreamOutputDialog.class.getName(),
        meta.getDialogClassName(),
        "the dialog Hop GUI looks up for the meta");
    String before = meta.getXml();

    Shell parent = new Shell(display);
    try {
      DataStreamOutputDialog dialog =
          new DataStreamOutputDialog(parent, GuiTesting.variables(), meta, pipeline);
      Shell shell = dialog.build();
      shell.setSize(640, 260);
      Path png = Screenshots.take(shell, "data-stream-output-dialog");
      assertTrue(Files.size(png) > 1000);
      assertEquals("orders-flight", dialog.wDataStream().getText());
      assertTrue(
          List.of(dialog.wDataStream().getItems())
              .containsAll(List.of("orders-file", "orders-flight", "orders-socket")),
          List.of(dialog.wDataStream().getItems()).toString());
      dialog.pressOk();
      assertEquals(before, meta.getXml());
      assertEquals("Data Stream Output", dialog.transformNameAfterOk());
    } finally {
      GuiTesting.close(parent);
    }
  }

  @Test
  void inputDialogLoadsAndSavesBackUnchanged() throws Exception {
    Display display = GuiTesting.display();
    HopGuiImpl.useMetadata(GuiTesting.sampleProject());
    DataStreamInputMeta meta = new DataStreamInputMeta();
    meta.setDataStreamName("orders-file");
    DataStreamInputField amount = new DataStreamInputField("amount", "BigNumber");
    amount.setPrecision(2);
    meta.setFields(
        List.of(
            new DataStreamInputField("id", "Integer"),
            new DataStreamInputField("customer", "String"),
            amount,
            new DataStreamInputField("ordered_at", "Timestamp")));
    PipelineMeta pipeline = pipelineWith("Data Stream Input", meta);
    assertEquals(
        DataStreamInputDialog.class.getName(),
        meta.getDialogClassName(),
        "the dialog Hop GUI looks up for the meta");
    String before = meta.getXml();

    Shell parent = new Shell(display);
    try {
      DataStreamInputDialog dialog =
          new DataStreamInputDialog(parent, GuiTesting.variables(), meta, pipeline);
      Shell shell = dialog.build();
      shell.setSize(640, 420);
      Path png = Screenshots.take(shell, "data-stream-input-dialog");
      assertTrue(Files.size(png) > 1000);
      assertEquals("orders-file", dialog.wDataStream().getText());
      assertEquals(4, dialog.fieldTable().nrNonEmpty());
      assertEquals("amount", dialog.fieldTable().getNonEmpty(2).getText(1));
      assertEquals("2", dialog.fieldTable().getNonEmpty(2).getText(3));
      dialog.pressOk();
      assertEquals(before, meta.getXml());
    } finally {
      GuiTesting.close(parent);
    }
  }

  @Test
  void cancelLeavesTheTransformAlone() throws Exception {
    Display display = GuiTesting.display();
    HopGuiImpl.useMetadata(GuiTesting.sampleProject());
    DataStreamOutputMeta meta = new DataStreamOutputMeta();
    meta.setDataStreamName("orders-flight");
    PipelineMeta pipeline = pipelineWith("out", meta);
    Shell parent = new Shell(display);
    try {
      DataStreamOutputDialog dialog =
          new DataStreamOutputDialog(parent, GuiTesting.variables(), meta, pipeline);
      dialog.build();
      dialog.wDataStream().setText("orders-file");
      dialog.pressCancel();
      assertEquals("orders-flight", meta.getDataStreamName());
      assertNull(dialog.transformNameAfterOk());
    } finally {
      GuiTesting.close(parent);
    }
  }

  private static PipelineMeta pipelineWith(
      String name, org.apache.hop.pipeline.transform.ITransformMeta meta) {
    PipelineMeta pipeline = new PipelineMeta();
    TransformMeta transform = new TransformMeta(name, meta);
    pipeline.addTransform(transform);
    meta.setParentTransformMeta(transform);
    return pipeline;
  }
}
