package org.datastreamio.hop.ui.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.ui.core.metadata.MetadataManager;
import org.apache.hop.ui.hopgui.HopGui;
import org.apache.hop.ui.hopgui.HopGuiImpl;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.ui.GuiTesting;
import org.datastreamio.hop.ui.VirtualDisplay;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hop GUI's metadata perspective finds the editor by name and drives it through MetadataEditor:
 * createControl, then getWidgetsContent into the element on save. Both keep the element unchanged.
 */
@ExtendWith(VirtualDisplay.class)
class DataStreamEditorClassGuiTest {

  @Test
  void hopFindsTheEditorAndItSavesTheElementUnchanged() throws Exception {
    var display = GuiTesting.display();
    JsonMetadataProvider project = GuiTesting.sampleProject();
    HopGuiImpl.useMetadata(project);
    Shell shell = new Shell(display);
    try {
      shell.setLayout(new FillLayout());
      MetadataManager<DataStream> manager =
          new MetadataManager<>(GuiTesting.variables(), project, DataStream.class, shell);
      DataStream element = project.getSerializer(DataStream.class).load("orders-socket-in");
      String before = GuiTesting.storedJson(DataStream.class, element);

      // The class Hop looks up for org.datastreamio.hop.metadata.DataStream (".hop." -> ".hop.ui.",
      // + "Editor").
      assertEquals(
          DataStreamEditor.class.getName(),
          DataStream.class.getName().replaceFirst("\\.hop\\.", ".hop.ui.") + "Editor");

      DataStreamEditor editor = new DataStreamEditor(HopGui.getInstance(), manager, element);
      editor.createControl(shell);
      assertFalse(editor.hasChanged());
      editor.getWidgetsContent(element);
      assertEquals(before, GuiTesting.storedJson(DataStream.class, element));
    } finally {
      GuiTesting.close(shell);
    }
  }
}
