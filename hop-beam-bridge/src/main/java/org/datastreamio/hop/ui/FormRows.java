package org.datastreamio.hop.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FormAttachment;
import org.eclipse.swt.layout.FormData;
import org.eclipse.swt.layout.FormLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

/**
 * Lays out "label: control" rows top to bottom in a {@link FormLayout}, labels right-aligned up to
 * a fixed share of the width: the look of Hop's own dialogs without repeating FormData code.
 */
public final class FormRows {
  private static final int MARGIN = 6;
  private static final int LABEL_PERCENT = 33;

  private final Composite parent;
  private Control last;

  public FormRows(Composite parent, Control above) {
    this.parent = parent;
    this.last = above;
    if (!(parent.getLayout() instanceof FormLayout)) {
      FormLayout layout = new FormLayout();
      layout.marginWidth = MARGIN;
      layout.marginHeight = MARGIN;
      parent.setLayout(layout);
    }
  }

  /** Adds a labelled row; the control must already have {@code parent} as its parent. */
  public <C extends Control> C row(String label, C control) {
    Label l = new Label(parent, SWT.RIGHT);
    l.setText(label);
    FormData ld = new FormData();
    ld.left = new FormAttachment(0, 0);
    ld.right = new FormAttachment(LABEL_PERCENT, -MARGIN);
    ld.top = top(MARGIN + 3);
    l.setLayoutData(ld);
    FormData cd = new FormData();
    cd.left = new FormAttachment(LABEL_PERCENT, 0);
    cd.right = new FormAttachment(100, 0);
    cd.top = top(MARGIN);
    control.setLayoutData(cd);
    last = control;
    return control;
  }

  /** Adds a control spanning the full width (a group, a table). */
  public <C extends Control> C full(C control, boolean fillToBottom) {
    FormData d = new FormData();
    d.left = new FormAttachment(0, 0);
    d.right = new FormAttachment(100, 0);
    d.top = top(MARGIN * 2);
    if (fillToBottom) {
      d.bottom = new FormAttachment(100, 0);
    }
    control.setLayoutData(d);
    last = control;
    return control;
  }

  public Control last() {
    return last;
  }

  private FormAttachment top(int offset) {
    return last == null ? new FormAttachment(0, offset) : new FormAttachment(last, offset);
  }
}
