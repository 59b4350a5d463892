package org.datastreamio.hop.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hop.core.encryption.Encr;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.api.IHopMetadata;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.ui.core.PropsUi;
import org.datastreamio.hop.HopTestEnvironment;
import org.eclipse.swt.widgets.Display;

/**
 * Shared set-up of the GUI tests: Hop initialized, one SWT display, the sample project's metadata.
 */
public final class GuiTesting {
  private GuiTesting() {}

  public static Display display() throws Exception {
    HopTestEnvironment.init();
    Display display = Display.getDefault();
    PropsUi.getInstance();
    return display;
  }

  /**
   * Runs what the widgets queued (Hop's TableView queues edits with asyncExec) while they still
   * exist, then disposes the shell; otherwise the next test's event loop would run them on disposed
   * widgets.
   */
  public static void close(org.eclipse.swt.widgets.Shell shell) throws InterruptedException {
    Screenshots.settle(shell.getDisplay());
    shell.dispose();
    Screenshots.settle(Display.getDefault());
  }

  public static IVariables variables() {
    Variables v = new Variables();
    v.initializeFrom(null);
    return v;
  }

  /** The metadata of the sample project in src/test/resources/hop-project. */
  public static JsonMetadataProvider sampleProject() {
    return new JsonMetadataProvider(
        Encr.getEncoder(),
        Path.of("src/test/resources/hop-project/metadata").toAbsolutePath().toString(),
        variables());
  }

  /**
   * How Hop stores an element: its JSON file written by Hop's own serializer, for exact comparison.
   */
  public static <T extends IHopMetadata> String storedJson(Class<T> type, T element)
      throws Exception {
    Path folder = Files.createTempDirectory("hop-metadata");
    JsonMetadataProvider provider =
        new JsonMetadataProvider(Encr.getEncoder(), folder.toString(), variables());
    provider.getSerializer(type).save(element);
    try (var files = Files.walk(folder)) {
      Path file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
      return Files.readString(file);
    }
  }
}
