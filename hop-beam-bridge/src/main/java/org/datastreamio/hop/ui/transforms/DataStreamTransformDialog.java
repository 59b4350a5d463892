package org.datastreamio.hop.ui.transforms;

import org.apache.hop.core.variables.IVariables;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.ITransformDialog;
import org.apache.hop.pipeline.transform.ITransformMeta;
import org.apache.hop.ui.core.dialog.BaseDialog;
import org.apache.hop.ui.core.widget.MetaSelectionLine;
import org.apache.hop.ui.pipeline.transform.BaseTransformDialog;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.ui.FormRows;
import org.datastreamio.hop.ui.Messages;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FormAttachment;
import org.eclipse.swt.layout.FormData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * What the Data Stream Output and Input dialogs share: transform name, the Data Stream line (a
 * dropdown with New/Edit like a database connection), OK and Cancel. Subclasses add their widgets
 * and move values between widgets and their meta.
 */
public abstract class DataStreamTransformDialog extends BaseTransformDialog
    implements ITransformDialog {
  protected MetaSelectionLine<DataStream> wDataStream;
  protected Composite body;

  protected DataStreamTransformDialog(
      Shell parent, IVariables variables, ITransformMeta meta, PipelineMeta pipelineMeta) {
    super(parent, variables, meta, pipelineMeta);
  }

  protected abstract String title();

  /**
   * Adds the transform's own widgets below the Data Stream line; the last one may fill to the
   * bottom.
   */
  protected abstract void addWidgets(FormRows rows);

  protected abstract void load();

  /** Writes the widgets into the meta. */
  protected abstract void save();

  protected abstract String streamName();

  @Override
  public String open() {
    build();
    BaseDialog.defaultShellHandling(shell, c -> ok(), c -> cancel());
    return transformName;
  }

  /** Creates the shell with every widget loaded from the meta; does not run the event loop. */
  public Shell build() {
    shell = new Shell(getParent(), SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MAX | SWT.MIN);
    shell.setText(title());
    props.setLook(shell);
    setShellImage(shell, baseTransformMeta);
    changed = baseTransformMeta.hasChanged();

    wOk = new Button(shell, SWT.PUSH);
    wOk.setText(Messages.get("Dialog.Ok"));
    wOk.addListener(SWT.Selection, e -> ok());
    wCancel = new Button(shell, SWT.PUSH);
    wCancel.setText(Messages.get("Dialog.Cancel"));
    wCancel.addListener(SWT.Selection, e -> cancel());

    body = new Composite(shell, SWT.NONE);
    FormRows rows = new FormRows(body, null);
    wTransformName =
        rows.row(Messages.get("Output.TransformName"), new Text(body, SWT.SINGLE | SWT.BORDER));
    wTransformName.setText(transformName == null ? "" : transformName);
    wDataStream =
        new MetaSelectionLine<>(
            variables,
            metadataProvider,
            DataStream.class,
            body,
            SWT.SINGLE | SWT.LEFT | SWT.BORDER,
            Messages.get("Output.DataStream"),
            Messages.get("Output.DataStream"));
    rows.full(wDataStream, false);
    try {
      wDataStream.fillItems();
    } catch (Exception e) {
      log.logError("Cannot list the Data Streams", e);
    }
    addWidgets(rows);

    shell.setLayout(new org.eclipse.swt.layout.FormLayout());
    FormData bd = new FormData();
    bd.left = new FormAttachment(0, 0);
    bd.right = new FormAttachment(100, 0);
    bd.top = new FormAttachment(0, 0);
    bd.bottom = new FormAttachment(wOk, -8);
    body.setLayoutData(bd);
    setButtonPositions(new Button[] {wOk, wCancel}, 8, null);

    load();
    wDataStream.setText(streamName() == null ? "" : streamName());
    baseTransformMeta.setChanged(changed);
    return shell;
  }

  /** The Data Stream line, for tests. */
  public MetaSelectionLine<DataStream> wDataStream() {
    return wDataStream;
  }

  /** Presses OK as a user would (for tests, which cannot run the modal loop). */
  public void pressOk() {
    ok();
  }

  public void pressCancel() {
    cancel();
  }

  /** What {@link #open()} returns: the transform name after OK, null after Cancel. */
  public String transformNameAfterOk() {
    return transformName;
  }

  protected void ok() {
    if (wTransformName.getText().isEmpty()) {
      return;
    }
    transformName = wTransformName.getText();
    save();
    dispose();
  }

  protected void cancel() {
    transformName = null;
    baseTransformMeta.setChanged(changed);
    dispose();
  }
}
