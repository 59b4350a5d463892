package org.datastreamio.hop.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hop.core.encryption.Encr;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.api.IHopMetadataSerializer;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.datastreamio.hop.HopTestEnvironment;
import org.datastreamio.hop.impl.ArrowFileStream;
import org.datastreamio.hop.impl.ArrowFlightStream;
import org.datastreamio.hop.impl.ArrowSocketStream;
import org.datastreamio.spi.StreamConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStreamMetadataTest {

  @TempDir Path project;

  @BeforeAll
  static void hop() throws HopException {
    HopTestEnvironment.init();
  }

  private JsonMetadataProvider provider() {
    return new JsonMetadataProvider(
        Encr.getEncoder(),
        project.resolve("metadata").toString(),
        Variables.getADefaultVariableSpace());
  }

  private static ArrowFlightStream flight() {
    ArrowFlightStream flight = new ArrowFlightStream();
    flight.setHost("${FLIGHT_HOST}");
    flight.setPort("${FLIGHT_PORT}");
    flight.setStreamName("orders");
    flight.setUsername("hop");
    flight.setPassword("s3cret-pass");
    flight.setToken("t0ken-value");
    return flight;
  }

  @Test
  void roundTripsThroughHopsJsonSerializerWithVariablesAndAnEncodedPassword() throws Exception {
    DataStream stream = new DataStream("SparkCollector", flight());
    stream.setBatchSize("${BATCH}");
    stream.setBatchBytes("8m");
    stream.setDirection(DataStreamDirection.WRITE);
    stream.setSchemaReference("/schemas/orders.arrow");
    provider().getSerializer(DataStream.class).save(stream);

    Path file = project.resolve("metadata/data-stream/SparkCollector.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    assertFalse(json.contains("s3cret-pass"), json);
    assertFalse(json.contains("t0ken-value"), json);
    assertTrue(json.contains("\"ArrowFlight\""), json);
    assertTrue(json.contains("Encrypted "), json);

    IHopMetadataSerializer<DataStream> serializer = provider().getSerializer(DataStream.class);
    assertEquals(java.util.List.of("SparkCollector"), serializer.listObjectNames());
    DataStream loaded = serializer.load("SparkCollector");
    ArrowFlightStream impl = assertInstanceOf(ArrowFlightStream.class, loaded.getImplementation());
    assertEquals("s3cret-pass", impl.getPassword());
    assertEquals("${FLIGHT_PORT}", impl.getPort());
    assertEquals(DataStreamDirection.WRITE, loaded.getDirection());
    assertEquals("/schemas/orders.arrow", loaded.getSchemaReference());

    IVariables variables = new Variables();
    variables.setVariable("FLIGHT_HOST", "127.0.0.1");
    variables.setVariable("FLIGHT_PORT", "18815");
    variables.setVariable("BATCH", "5000");
    StreamConfig config = loaded.toStreamConfig(variables);
    assertEquals(
        "flight://127.0.0.1:18815/orders?batchBytes=8m&batchRows=5000&user=hop", config.toUri());
    assertEquals(Optional.of("s3cret-pass"), config.secret("password"));
    assertEquals(Optional.of("t0ken-value"), config.secret("token"));
    assertFalse(config.toString().contains("s3cret"), config.toString());
    assertFalse(loaded.getImplementation().toString().contains("s3cret"));
  }

  @Test
  void jsonStringRoundTripIsWhatTravelsToWorkers() throws Exception {
    ArrowSocketStream socket = new ArrowSocketStream();
    socket.setPorts("${PORTS}");
    socket.setRole("listen");
    socket.setTruncatedStreams("${TRUNCATED}");
    DataStream stream = new DataStream("PythonArrowStream", socket);
    stream.setName("PythonArrowStream");
    String json = DataStreamJson.toJson(stream);
    DataStream back = DataStreamJson.fromJson(json);
    assertEquals("PythonArrowStream", back.getName());
    IVariables variables = new Variables();
    variables.setVariable("PORTS", "9000-9003");
    variables.setVariable("TRUNCATED", "DROP");
    assertEquals(
        "socket://127.0.0.1:9000-9003?batchRows=10000&role=listen&truncated=drop",
        back.toStreamConfig(variables).toUri());
    assertEquals(json, DataStreamJson.toJson(back));
  }

  @Test
  void passwordGivenAsEncodedVariableValueIsDecoded() {
    ArrowFlightStream flight = flight();
    flight.setPassword("${FLIGHT_PASSWORD}");
    IVariables variables = new Variables();
    variables.setVariable("FLIGHT_HOST", "localhost");
    variables.setVariable("FLIGHT_PORT", "8815");
    variables.setVariable(
        "FLIGHT_PASSWORD", Encr.PASSWORD_ENCRYPTED_PREFIX + Encr.encryptPassword("from-env"));
    assertEquals(Optional.of("from-env"), flight.toStreamConfig(variables).secret("password"));
  }

  @Test
  void fileImplementationBuildsItsUri() {
    ArrowFileStream file = new ArrowFileStream("${BASE}/orders", "stream");
    IVariables variables = new Variables();
    variables.setVariable("BASE", "/tmp/streams");
    assertEquals(
        "file:///tmp/streams/orders?format=stream", file.toStreamConfig(variables).toUri());
    ArrowSocketStream unix = new ArrowSocketStream();
    unix.setSocketPath("/tmp/hop.sock");
    assertEquals("unix:///tmp/hop.sock?role=connect", unix.toStreamConfig(variables).toUri());
  }

  @Test
  void missingOrUnresolvedSettingsAreNamed() {
    ArrowFileStream file = new ArrowFileStream("${NOPE}", "file");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DataStream("Files", file).toStreamConfig(new Variables()));
    assertTrue(
        e.getMessage().contains("Data Stream 'Files'") && e.getMessage().contains("base path"),
        e.getMessage());
    ArrowSocketStream socket = new ArrowSocketStream();
    socket.setPorts("nine");
    e = assertThrows(IllegalArgumentException.class, () -> socket.toStreamConfig(new Variables()));
    assertTrue(
        e.getMessage().contains("'ports'") && e.getMessage().contains("nine"), e.getMessage());
    DataStream batch = new DataStream("Batched", new ArrowFileStream("/tmp/x", "file"));
    batch.setBatchSize("0");
    e = assertThrows(IllegalArgumentException.class, () -> batch.toStreamConfig(new Variables()));
    assertTrue(e.getMessage().contains("batchRows"), e.getMessage());
  }

  @Test
  void memoryLimitResolvesToBytes() {
    DataStream stream = new DataStream("limited", new ArrowFileStream("/tmp/x", "file"));
    assertEquals(Long.MAX_VALUE, stream.memoryLimitBytes(new Variables()));
    stream.setMemoryLimit("${LIMIT}");
    IVariables variables = new Variables();
    variables.setVariable("LIMIT", "512m");
    assertEquals(512L << 20, stream.memoryLimitBytes(variables));
  }

  @Test
  void unknownDataStreamNameListsTheKnownOnes() throws Exception {
    provider()
        .getSerializer(DataStream.class)
        .save(new DataStream("Alpha", new ArrowFileStream("/tmp/a", "file")));
    HopException e =
        assertThrows(
            HopException.class,
            () -> DataStreamLookup.load(provider(), "Beta", new Variables(), "out"));
    assertTrue(e.getMessage().contains("Data Stream 'Beta', which does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("Known Data Streams: Alpha"), e.getMessage());
  }

  @Test
  void unknownImplementationIdInJsonIsNamed() throws Exception {
    Path dir = Files.createDirectories(project.resolve("metadata/data-stream"));
    Files.writeString(
        dir.resolve("Odd.json"), "{\"name\":\"Odd\",\"implementation\":{\"ArrowPigeon\":{}}}");
    HopException e =
        assertThrows(
            HopException.class, () -> provider().getSerializer(DataStream.class).load("Odd"));
    String all = causes(e);
    assertTrue(all.contains("Unknown Data Stream implementation 'ArrowPigeon'"), all);
  }

  static String causes(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
