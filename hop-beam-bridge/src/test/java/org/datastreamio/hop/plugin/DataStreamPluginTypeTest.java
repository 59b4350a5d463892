package org.datastreamio.hop.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.plugins.IPlugin;
import org.apache.hop.core.plugins.PluginRegistry;
import org.apache.hop.core.plugins.TransformPluginType;
import org.apache.hop.metadata.plugin.MetadataPluginType;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.impl.ArrowFlightStream;
import org.datastreamio.hop.impl.ArrowSocketStream;
import org.datastreamio.hop.transforms.TransformDescriptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStreamPluginTypeTest {

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  @Test
  void environmentInitRegistersThePluginTypeAndTheThreeImplementations() {
    PluginRegistry registry = PluginRegistry.getInstance();
    assertTrue(
        registry.getPluginTypes().contains(DataStreamPluginType.class),
        "HopEnvironmentAfterInit should have registered the Data Stream plugin type");
    TreeSet<String> ids = new TreeSet<>();
    for (IPlugin p : registry.getPlugins(DataStreamPluginType.class)) {
      ids.add(p.getIds()[0] + "=" + p.getName());
    }
    assertTrue(
        ids.containsAll(
            List.of(
                "ArrowFile=Arrow File", "ArrowFlight=Arrow Flight", "ArrowSocket=Arrow Socket")),
        ids.toString());
  }

  @Test
  void metadataTypeAndTransformsAreRegistered() {
    PluginRegistry registry = PluginRegistry.getInstance();
    assertEquals(
        "Data Stream",
        registry.findPluginWithId(MetadataPluginType.class, "data-stream").getName());
    assertEquals(
        "Data Stream Output",
        registry.findPluginWithId(TransformPluginType.class, "DataStreamOutput").getName());
    assertEquals(
        "Data Stream Input",
        registry.findPluginWithId(TransformPluginType.class, "DataStreamInput").getName());
  }

  @Test
  void bothTransformsAndTheBeamEngineAdapterTakeTheirDescriptionsFromOnePlace() throws Exception {
    PluginRegistry registry = PluginRegistry.getInstance();
    IPlugin input =
        registry.findPluginWithId(TransformPluginType.class, TransformDescriptions.INPUT_ID);
    IPlugin output =
        registry.findPluginWithId(TransformPluginType.class, TransformDescriptions.OUTPUT_ID);
    assertEquals(
        List.of(
            TransformDescriptions.INPUT_NAME,
            TransformDescriptions.INPUT_DESCRIPTION,
            TransformDescriptions.INPUT_IMAGE),
        List.of(input.getName(), input.getDescription(), input.getImageFile()));
    assertEquals(
        List.of(
            TransformDescriptions.OUTPUT_NAME,
            TransformDescriptions.OUTPUT_DESCRIPTION,
            TransformDescriptions.OUTPUT_IMAGE),
        List.of(output.getName(), output.getDescription(), output.getImageFile()));
    for (String icon :
        List.of(TransformDescriptions.INPUT_IMAGE, TransformDescriptions.OUTPUT_IMAGE)) {
      assertTrue(
          getClass().getClassLoader().getResource(icon) != null,
          "icon " + icon + " in the plugin jar");
    }
    // The adapter is built outside the reactor (it needs Hop's Beam engine jars), so its source is
    // checked.
    for (String meta : List.of("BeamDataStreamInputMeta", "BeamDataStreamOutputMeta")) {
      String source =
          Files.readString(
              Path.of(
                  "beam-engine-adapter/src/main/java/org/datastreamio/hop/beam/engine/"
                      + meta
                      + ".java"));
      int start = source.indexOf("@Transform(");
      String annotation = source.substring(start, source.indexOf("})", start) + 2);
      assertFalse(
          annotation.contains("\""),
          meta + "'s @Transform must use TransformDescriptions, not its own text: " + annotation);
    }
  }

  @Test
  void aHopWithItsOwnDataStreamTypeIsToldToUseIt(@TempDir Path hop218) throws Exception {
    assertEquals(
        java.util.Optional.empty(),
        HopsOwnDataStreams.clash(PluginRegistry.class.getClassLoader()),
        "Hop 2.16 has no Data Stream type");
    Path meta = hop218.resolve(HopsOwnDataStreams.HOP_DATA_STREAM_META);
    Files.createDirectories(meta.getParent());
    Files.write(meta, new byte[0]);
    try (java.net.URLClassLoader later =
        new java.net.URLClassLoader(new java.net.URL[] {hop218.toUri().toURL()}, null)) {
      String message = HopsOwnDataStreams.clash(later).orElseThrow();
      assertTrue(
          message.contains("Hop 2.18 or later") && message.contains("Remove plugins/datastream"),
          message);
    }
  }

  @Test
  void createsImplementationsById() throws HopException {
    assertInstanceOf(ArrowFileStream.class, DataStreamPlugins.create("ArrowFile"));
    assertInstanceOf(ArrowFlightStream.class, DataStreamPlugins.create("ArrowFlight"));
    assertInstanceOf(ArrowSocketStream.class, DataStreamPlugins.create("ArrowSocket"));
  }

  @Test
  void unknownImplementationIdNamesTheKnownOnes() {
    HopException e =
        assertThrows(HopException.class, () -> DataStreamPlugins.create("ArrowPigeon"));
    assertTrue(
        e.getMessage().contains("Unknown Data Stream implementation 'ArrowPigeon'"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "Arrow File (ArrowFile), Arrow Flight (ArrowFlight), Arrow Socket (ArrowSocket)"),
        e.getMessage());
  }
}
