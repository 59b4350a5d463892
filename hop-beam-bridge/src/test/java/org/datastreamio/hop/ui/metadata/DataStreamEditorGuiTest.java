package org.datastreamio.hop.ui.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hop.ui.core.widget.TextVar;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.ui.GuiTesting;
import org.datastreamio.hop.ui.Screenshots;
import org.datastreamio.hop.ui.VirtualDisplay;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Data Stream editor's widgets load each sample stream and save it back unchanged. */
@ExtendWith(VirtualDisplay.class)
class DataStreamEditorGuiTest {

  @ParameterizedTest
  @ValueSource(strings = {"orders-flight", "orders-file", "orders-socket", "orders-socket-in"})
  void loadsAndSavesBackUnchanged(String name) throws Exception {
    Display display = GuiTesting.display();
    DataStream original = GuiTesting.sampleProject().getSerializer(DataStream.class).load(name);
    Shell shell = new Shell(display);
    try {
      shell.setText("Data Stream: " + name);
      shell.setLayout(new FillLayout());
      DataStreamForm form = new DataStreamForm(shell, GuiTesting.variables(), () -> {});
      form.load(original);
      shell.setSize(760, 860);
      Path png = Screenshots.take(shell, "data-stream-editor-" + name);
      assertTrue(Files.size(png) > 1000, "screenshot written: " + png);

      assertEquals(name, form.name.getText());
      assertEquals(original.getImplementation().pluginId(), form.settings().pluginId());

      DataStream saved = new DataStream();
      saved.setVirtualPath(
          original.getVirtualPath()); // the folder in the perspective, not a form field
      form.save(saved);
      assertEquals(
          GuiTesting.storedJson(DataStream.class, original),
          GuiTesting.storedJson(DataStream.class, saved));
    } finally {
      GuiTesting.close(shell);
    }
  }

  @Test
  void flightSettingsShowInTheirWidgetsAndEditsAreSaved() throws Exception {
    Display display = GuiTesting.display();
    DataStream original =
        GuiTesting.sampleProject().getSerializer(DataStream.class).load("orders-flight");
    Shell shell = new Shell(display);
    try {
      shell.setLayout(new FillLayout());
      DataStreamForm form = new DataStreamForm(shell, GuiTesting.variables(), () -> {});
      form.load(original);
      assertEquals("127.0.0.1", ((TextVar) form.settings().widget("host")).getText());
      assertEquals("${FLIGHT_PORT}", ((TextVar) form.settings().widget("port")).getText());
      assertEquals(false, ((Button) form.settings().widget("use_tls")).getSelection());

      ((TextVar) form.settings().widget("stream_name")).setText("invoices");
      form.batchSize.setText("500");
      DataStream saved = new DataStream();
      form.save(saved);
      String json = GuiTesting.storedJson(DataStream.class, saved);
      assertTrue(json.replace(" ", "").contains("\"stream_name\":\"invoices\""), json);
      assertEquals("500", saved.getBatchSize());
    } finally {
      GuiTesting.close(shell);
    }
  }
}
