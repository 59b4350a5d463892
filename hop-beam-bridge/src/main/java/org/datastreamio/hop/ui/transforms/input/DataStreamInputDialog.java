package org.datastreamio.hop.ui.transforms.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;
import org.apache.hop.core.row.value.ValueMetaFactory;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.ui.core.dialog.ErrorDialog;
import org.apache.hop.ui.core.widget.ColumnInfo;
import org.apache.hop.ui.core.widget.TableView;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.transforms.input.DataStreamInputField;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.datastreamio.hop.ui.DataStreamProbe;
import org.datastreamio.hop.ui.FormRows;
import org.datastreamio.hop.ui.Messages;
import org.datastreamio.hop.ui.transforms.DataStreamTransformDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FormAttachment;
import org.eclipse.swt.layout.FormData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;

/**
 * The Data Stream Input dialog. Hop finds it by name from {@link DataStreamInputMeta}. "Get fields"
 * fills the field list from the stream's schema (schema reference, file footer or Flight
 * GetSchema).
 */
public class DataStreamInputDialog extends DataStreamTransformDialog {
  private static final int NAME = 1;
  private static final int TYPE = 2;
  private static final int PRECISION = 3;

  private final DataStreamInputMeta meta;
  TableView wFields;

  public DataStreamInputDialog(
      Shell parent, IVariables variables, DataStreamInputMeta meta, PipelineMeta pipelineMeta) {
    super(parent, variables, meta, pipelineMeta);
    this.meta = meta;
  }

  @Override
  protected String title() {
    return Messages.get("Input.Title");
  }

  @Override
  protected void addWidgets(FormRows rows) {
    Label label = rows.full(new Label(body, SWT.LEFT), false);
    label.setText(Messages.get("Input.Fields"));
    wGet = new Button(body, SWT.PUSH);
    wGet.setText(Messages.get("Input.GetFields"));
    wGet.addListener(SWT.Selection, e -> getFields());
    FormData gd = new FormData();
    gd.right = new FormAttachment(100, 0);
    gd.bottom = new FormAttachment(100, 0);
    wGet.setLayoutData(gd);

    ColumnInfo[] columns = {
      new ColumnInfo(Messages.get("Input.Field.Name"), ColumnInfo.COLUMN_TYPE_TEXT, false),
      new ColumnInfo(
          Messages.get("Input.Field.Type"),
          ColumnInfo.COLUMN_TYPE_CCOMBO,
          ValueMetaFactory.getValueMetaNames()),
      new ColumnInfo(Messages.get("Input.Field.Precision"), ColumnInfo.COLUMN_TYPE_TEXT, false),
    };
    wFields =
        new TableView(
            variables,
            body,
            SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI,
            columns,
            1,
            e -> {},
            props);
    FormData td = new FormData();
    td.left = new FormAttachment(0, 0);
    td.right = new FormAttachment(100, 0);
    td.top = new FormAttachment(label, 4);
    td.bottom = new FormAttachment(wGet, -6);
    wFields.setLayoutData(td);
  }

  /** The field table, for tests. */
  public TableView fieldTable() {
    return wFields;
  }

  @Override
  protected void load() {
    wFields.table.removeAll();
    for (DataStreamInputField f : meta.getFields()) {
      TableItem item = new TableItem(wFields.table, SWT.NONE);
      item.setText(NAME, nn(f.getName()));
      item.setText(TYPE, nn(f.getType()));
      item.setText(PRECISION, f.getPrecision() < 0 ? "" : Integer.toString(f.getPrecision()));
    }
    wFields.removeEmptyRows();
    wFields.setRowNums();
    wFields.optWidth(true);
  }

  @Override
  protected String streamName() {
    return meta.getDataStreamName();
  }

  @Override
  protected void save() {
    meta.setDataStreamName(wDataStream.getText());
    List<DataStreamInputField> fields = new ArrayList<>();
    for (TableItem item : wFields.getNonEmptyItems()) {
      DataStreamInputField f = new DataStreamInputField(item.getText(NAME), item.getText(TYPE));
      String precision = item.getText(PRECISION).trim();
      f.setPrecision(precision.isEmpty() ? -1 : Integer.parseInt(precision));
      fields.add(f);
    }
    meta.setFields(fields);
    meta.setChanged();
  }

  /** Presses "Get fields" as a user would (for tests). */
  public void pressGetFields() {
    getFields();
  }

  /** Replaces the field list with the stream's schema; says so when the stream cannot tell. */
  void getFields() {
    DataStream stream = wDataStream.loadSelectedElement();
    if (stream == null) {
      info(Messages.get("Dialog.NoStreamSelected"));
      return;
    }
    try {
      Optional<IRowMeta> fields =
          DataStreamProbe.fields(stream, variables, wTransformName.getText());
      if (fields.isEmpty()) {
        info(Messages.get("Input.NoSchema", stream.getName()));
        return;
      }
      wFields.table.removeAll();
      for (IValueMeta v : fields.get().getValueMetaList()) {
        TableItem item = new TableItem(wFields.table, SWT.NONE);
        item.setText(NAME, v.getName());
        item.setText(TYPE, v.getTypeDesc());
        item.setText(
            PRECISION,
            v.getType() == IValueMeta.TYPE_BIGNUMBER && v.getPrecision() >= 0
                ? Integer.toString(v.getPrecision())
                : "");
      }
      wFields.removeEmptyRows();
      wFields.setRowNums();
      wFields.optWidth(true);
    } catch (Exception e) {
      new ErrorDialog(shell, Messages.get("Input.Title"), Messages.get("Input.GetFieldsFailed"), e);
    }
  }

  private void info(String text) {
    MessageBox box = new MessageBox(shell, SWT.ICON_INFORMATION | SWT.OK);
    box.setText(Messages.get("Input.Title"));
    box.setMessage(text);
    box.open();
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }
}
