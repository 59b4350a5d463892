package org.datastreamio.hop.ui.metadata;

import org.apache.hop.core.exception.HopException;
import org.apache.hop.ui.core.dialog.ErrorDialog;
import org.apache.hop.ui.core.metadata.MetadataEditor;
import org.apache.hop.ui.core.metadata.MetadataManager;
import org.apache.hop.ui.hopgui.HopGui;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.ui.Messages;
import org.eclipse.swt.widgets.Composite;

/**
 * The Data Stream editor of Hop GUI's metadata perspective. Hop finds it by name: for metadata
 * class {@code org.datastreamio.hop.metadata.DataStream} it loads {@code
 * org.datastreamio.hop.ui.metadata.DataStreamEditor}.
 */
public class DataStreamEditor extends MetadataEditor<DataStream> {
  private DataStreamForm form;

  /** Filling the widgets is not an edit: no change events while loading. */
  private boolean loading;

  public DataStreamEditor(HopGui hopGui, MetadataManager<DataStream> manager, DataStream metadata) {
    super(hopGui, manager, metadata);
  }

  @Override
  public void createControl(Composite parent) {
    try {
      form = new DataStreamForm(parent, manager.getVariables(), this::widgetChanged);
    } catch (HopException e) {
      new ErrorDialog(
          parent.getShell(), Messages.get("Editor.Title"), Messages.get("Editor.CannotOpen"), e);
      return;
    }
    setWidgetsContent();
    resetChanged();
  }

  private void widgetChanged() {
    if (!loading) {
      setChanged();
    }
  }

  @Override
  public void setWidgetsContent() {
    loading = true;
    try {
      form.load(getMetadata());
    } finally {
      loading = false;
    }
  }

  @Override
  public void getWidgetsContent(DataStream stream) {
    form.save(stream);
  }

  @Override
  public boolean setFocus() {
    return form != null && form.name.setFocus();
  }
}
