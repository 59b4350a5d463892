package org.datastreamio.hop.ui.transforms.output;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.pipeline.PipelineMeta;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.transforms.output.DataStreamOutputMeta;
import org.datastreamio.hop.ui.FormRows;
import org.datastreamio.hop.ui.Messages;
import org.datastreamio.hop.ui.transforms.DataStreamTransformDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * The Data Stream Output dialog. Hop finds it by name from {@link DataStreamOutputMeta}. Batching
 * is a setting of the Data Stream (shared by all transforms that use it); the dialog shows it.
 */
public class DataStreamOutputDialog extends DataStreamTransformDialog {
  private final DataStreamOutputMeta meta;
  Label batching;

  public DataStreamOutputDialog(
      Shell parent, IVariables variables, DataStreamOutputMeta meta, PipelineMeta pipelineMeta) {
    super(parent, variables, meta, pipelineMeta);
    this.meta = meta;
  }

  @Override
  protected String title() {
    return Messages.get("Output.Title");
  }

  @Override
  protected void addWidgets(FormRows rows) {
    batching = rows.full(new Label(body, SWT.WRAP), false);
    wDataStream.addModifyListener(e -> showBatching());
  }

  private void showBatching() {
    DataStream stream = wDataStream.loadSelectedElement();
    batching.setText(
        stream == null
            ? ""
            : Messages.get(
                "Output.Batching",
                orDefault(stream.getBatchSize(), "10000"),
                orDefault(stream.getBatchBytes(), "64m")));
    body.layout(true, true);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  @Override
  protected void load() {
    // the Data Stream name is all this transform stores; the base class sets it
  }

  @Override
  protected String streamName() {
    return meta.getDataStreamName();
  }

  @Override
  protected void save() {
    meta.setDataStreamName(wDataStream.getText());
    meta.setChanged();
  }
}
