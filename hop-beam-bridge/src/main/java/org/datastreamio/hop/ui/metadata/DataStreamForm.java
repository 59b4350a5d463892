package org.datastreamio.hop.ui.metadata;

import java.util.ArrayList;
import java.util.List;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.plugins.IPlugin;
import org.apache.hop.core.plugins.PluginRegistry;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.ui.core.widget.TextVar;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamDirection;
import org.datastreamio.hop.plugin.DataStreamPluginType;
import org.datastreamio.hop.plugin.DataStreamPlugins;
import org.datastreamio.hop.plugin.IDataStreamImplementation;
import org.datastreamio.hop.ui.DataStreamProbe;
import org.datastreamio.hop.ui.FormRows;
import org.datastreamio.hop.ui.Messages;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FormLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Text;

/**
 * All widgets of a Data Stream: name, description, implementation with its own settings, the common
 * settings and a Test button. Used by the metadata perspective's editor; independent of HopGui so
 * it can be shown in any shell.
 */
public final class DataStreamForm {
  private final IVariables variables;
  private final Runnable onChange;
  private final List<String> implementationIds = new ArrayList<>();

  final Text name;
  final Text description;
  final Combo implementation;
  final Group settingsGroup;
  final TextVar batchSize;
  final TextVar batchBytes;
  final TextVar memoryLimit;
  final Combo direction;
  final TextVar schemaReference;
  final Button test;
  private ImplementationSettingsWidgets settings;

  /** Kept so that settings without a widget, and a switch back, keep their values. */
  private IDataStreamImplementation current;

  public DataStreamForm(Composite parent, IVariables variables, Runnable onChange)
      throws HopException {
    this.variables = variables;
    this.onChange = onChange;
    FormRows rows = new FormRows(parent, null);
    name = rows.row(Messages.get("Editor.Name"), new Text(parent, SWT.SINGLE | SWT.BORDER));
    description =
        rows.row(Messages.get("Editor.Description"), new Text(parent, SWT.SINGLE | SWT.BORDER));
    implementation =
        rows.row(Messages.get("Editor.Implementation"), new Combo(parent, SWT.READ_ONLY));
    PluginRegistry registry = PluginRegistry.getInstance();
    DataStreamPlugins.ensureRegistered(registry);
    for (IPlugin plugin : registry.getPlugins(DataStreamPluginType.class)) {
      implementationIds.add(plugin.getIds()[0]);
      implementation.add(plugin.getName());
    }

    settingsGroup = rows.full(new Group(parent, SWT.SHADOW_ETCHED_IN), false);
    settingsGroup.setText(Messages.get("Editor.ImplementationSettings"));
    settingsGroup.setLayout(new FormLayout());

    Group common = rows.full(new Group(parent, SWT.SHADOW_ETCHED_IN), false);
    common.setText(Messages.get("Editor.CommonSettings"));
    FormRows commonRows = new FormRows(common, null);
    batchSize = commonRows.row(Messages.get("Editor.BatchSize"), textVar(common));
    batchBytes = commonRows.row(Messages.get("Editor.BatchBytes"), textVar(common));
    memoryLimit = commonRows.row(Messages.get("Editor.MemoryLimit"), textVar(common));
    direction = commonRows.row(Messages.get("Editor.Direction"), new Combo(common, SWT.READ_ONLY));
    for (DataStreamDirection d : DataStreamDirection.values()) {
      direction.add(d.name());
    }
    schemaReference = commonRows.row(Messages.get("Editor.SchemaReference"), textVar(common));

    test = rows.full(new Button(parent, SWT.PUSH), false);
    test.setText(Messages.get("Editor.Test"));
    test.addListener(SWT.Selection, e -> test());

    name.addModifyListener(e -> onChange.run());
    description.addModifyListener(e -> onChange.run());
    direction.addListener(SWT.Selection, e -> onChange.run());
    implementation.addListener(SWT.Selection, e -> switchImplementation());
  }

  private TextVar textVar(Composite parent) {
    TextVar t = new TextVar(variables, parent, SWT.SINGLE | SWT.LEFT | SWT.BORDER);
    t.addModifyListener(e -> onChange.run());
    return t;
  }

  public void load(DataStream stream) {
    name.setText(nn(stream.getName()));
    description.setText(nn(stream.getDescription()));
    batchSize.setText(nn(stream.getBatchSize()));
    batchBytes.setText(nn(stream.getBatchBytes()));
    memoryLimit.setText(nn(stream.getMemoryLimit()));
    direction.select(
        stream.getDirection() == null
            ? DataStreamDirection.BOTH.ordinal()
            : stream.getDirection().ordinal());
    schemaReference.setText(nn(stream.getSchemaReference()));
    current = stream.getImplementation();
    implementation.select(current == null ? -1 : implementationIds.indexOf(current.pluginId()));
    showSettings();
  }

  public void save(DataStream stream) {
    stream.setName(name.getText());
    stream.setDescription(blankToNull(description.getText()));
    stream.setBatchSize(blankToNull(batchSize.getText()));
    stream.setBatchBytes(blankToNull(batchBytes.getText()));
    stream.setMemoryLimit(blankToNull(memoryLimit.getText()));
    stream.setDirection(
        direction.getSelectionIndex() < 0
            ? DataStreamDirection.BOTH
            : DataStreamDirection.values()[direction.getSelectionIndex()]);
    stream.setSchemaReference(blankToNull(schemaReference.getText()));
    if (current != null && settings != null) {
      settings.save(current);
    }
    stream.setImplementation(current);
  }

  /** The settings widgets of the selected implementation, for tests. */
  ImplementationSettingsWidgets settings() {
    return settings;
  }

  private void switchImplementation() {
    int index = implementation.getSelectionIndex();
    if (index < 0) {
      return;
    }
    String id = implementationIds.get(index);
    if (current != null && current.pluginId().equals(id)) {
      return;
    }
    try {
      current = DataStreamPlugins.create(id);
    } catch (HopException e) {
      message(SWT.ICON_ERROR, e.getMessage());
      return;
    }
    showSettings();
    onChange.run();
  }

  private void showSettings() {
    for (var child : settingsGroup.getChildren()) {
      child.dispose();
    }
    settings = null;
    if (current != null) {
      settings = new ImplementationSettingsWidgets(settingsGroup, variables, current, onChange);
      settings.load(current);
    }
    settingsGroup.getParent().layout(true, true);
  }

  private void test() {
    DataStream probe = new DataStream();
    save(probe);
    try {
      message(SWT.ICON_INFORMATION, DataStreamProbe.report(probe, variables));
    } catch (HopException | RuntimeException e) {
      message(SWT.ICON_ERROR, Messages.get("Editor.TestFailed", e.getMessage()));
    }
  }

  private void message(int icon, String text) {
    MessageBox box = new MessageBox(name.getShell(), icon | SWT.OK);
    box.setText(Messages.get("Editor.TestTitle"));
    box.setMessage(text);
    box.open();
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
