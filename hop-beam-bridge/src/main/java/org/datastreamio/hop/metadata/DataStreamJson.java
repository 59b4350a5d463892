package org.datastreamio.hop.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.metadata.serializer.json.JsonMetadataParser;
import org.apache.hop.metadata.serializer.memory.MemoryMetadataProvider;

/**
 * A Data Stream as the JSON Hop's own metadata serializer writes ({@code
 * metadata/data-stream/x.json}). This string is what travels to Beam workers, where each executor
 * rebuilds the element and opens its own connections. Passwords stay encoded by Hop's password
 * encoder in it.
 */
public final class DataStreamJson {
  private DataStreamJson() {}

  public static String toJson(DataStream stream) throws HopException {
    return new JsonMetadataParser<>(DataStream.class, new MemoryMetadataProvider())
        .getJsonObject(stream)
        .toJSONString();
  }

  public static DataStream fromJson(String json) throws HopException {
    JsonMetadataParser<DataStream> parser =
        new JsonMetadataParser<>(DataStream.class, new MemoryMetadataProvider());
    try (JsonParser jsonParser = new JsonFactory().createParser(json)) {
      jsonParser.nextToken(); // the opening '{', as Hop's own serializer does
      return parser.loadJsonObject(DataStream.class, jsonParser);
    } catch (IOException e) {
      throw new HopException("Data Stream JSON cannot be read: " + e.getMessage(), e);
    }
  }
}
