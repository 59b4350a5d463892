package org.datastreamio.hop.ui.metadata;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.apache.hop.ui.core.widget.PasswordTextVar;
import org.apache.hop.ui.core.widget.TextVar;
import org.datastreamio.hop.plugin.IDataStreamImplementation;
import org.datastreamio.hop.ui.FormRows;
import org.datastreamio.hop.ui.Messages;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * The widgets of one implementation's own settings, made from its {@link HopMetadataProperty}
 * fields: a text field with variable support per String setting (masked when the property is a
 * password), a check box per boolean. Any implementation plugin gets an editor this way without GUI
 * code of its own; its labels come from the message bundle ({@code Setting.<id>.<key>}) or the key.
 */
final class ImplementationSettingsWidgets {
  private final Map<Field, Control> widgets = new LinkedHashMap<>();
  private final String pluginId;

  ImplementationSettingsWidgets(
      Composite parent,
      IVariables variables,
      IDataStreamImplementation prototype,
      Runnable onChange) {
    this.pluginId = prototype.pluginId();
    FormRows rows = new FormRows(parent, null);
    for (Field field : prototype.getClass().getDeclaredFields()) {
      HopMetadataProperty property = field.getAnnotation(HopMetadataProperty.class);
      if (property == null || Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      String label = label(property.key());
      Control control;
      if (field.getType() == boolean.class || field.getType() == Boolean.class) {
        Button check = new Button(parent, SWT.CHECK);
        check.addListener(SWT.Selection, e -> onChange.run());
        control = rows.row(label, check);
      } else if (field.getType() == String.class) {
        TextVar text =
            property.password()
                ? new PasswordTextVar(variables, parent, SWT.SINGLE | SWT.LEFT | SWT.BORDER)
                : new TextVar(variables, parent, SWT.SINGLE | SWT.LEFT | SWT.BORDER);
        text.addModifyListener(e -> onChange.run());
        control = rows.row(label, text);
      } else {
        continue; // no editor for other types; the value is kept as loaded
      }
      control.setData("key", property.key());
      widgets.put(field, control);
    }
  }

  String pluginId() {
    return pluginId;
  }

  /** The widget for a setting key, for tests and focus handling. */
  Control widget(String key) {
    for (Control c : widgets.values()) {
      if (key.equals(c.getData("key"))) {
        return c;
      }
    }
    return null;
  }

  void load(IDataStreamImplementation implementation) {
    for (Map.Entry<Field, Control> e : widgets.entrySet()) {
      Object value = read(e.getKey(), implementation);
      if (e.getValue() instanceof Button check) {
        check.setSelection(Boolean.TRUE.equals(value));
      } else {
        ((TextVar) e.getValue()).setText(value == null ? "" : value.toString());
      }
    }
  }

  /** Writes the widgets into the implementation; an empty text becomes null (unset). */
  void save(IDataStreamImplementation implementation) {
    for (Map.Entry<Field, Control> e : widgets.entrySet()) {
      Object value;
      if (e.getValue() instanceof Button check) {
        value = check.getSelection();
      } else {
        String text = ((TextVar) e.getValue()).getText();
        value = text.isEmpty() ? null : text;
      }
      try {
        e.getKey().set(implementation, value);
      } catch (IllegalAccessException ex) {
        throw new IllegalStateException(
            "Cannot set " + pluginId + " setting " + e.getKey().getName(), ex);
      }
    }
  }

  private String label(String key) {
    String bundleKey = "Setting." + pluginId + "." + key;
    String text = Messages.get(bundleKey);
    if (text.startsWith("!")) {
      String spaced = key.replace('_', ' ');
      text = Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
    return text;
  }

  private Object read(Field field, Object target) {
    try {
      return field.get(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot read " + pluginId + " setting " + field.getName(), e);
    }
  }
}
