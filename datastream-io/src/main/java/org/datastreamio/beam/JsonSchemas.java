package org.datastreamio.beam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * Beam schemas from JSON Schema objects, the form Beam YAML gives schemas in. Only what maps onto a
 * Beam type exactly is accepted: integer (INT64), number (DOUBLE), string (STRING, or BYTES with
 * {@code contentEncoding: base64}), boolean, array (with {@code items}) and object (with {@code
 * properties}); a property is nullable unless {@code required} lists it.
 */
final class JsonSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonSchemas() {}

  static Schema toBeamSchema(String jsonSchema) {
    JsonNode root;
    try {
      root = JSON.readTree(jsonSchema);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "The schema is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !"object".equals(typeOf(root, "(the schema)"))) {
      throw new IllegalArgumentException(
          "The schema must be a JSON Schema object with \"type\": \"object\" and"
              + " \"properties\", e.g. {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}");
    }
    return rowSchema(root, "");
  }

  private static Schema rowSchema(JsonNode object, String path) {
    JsonNode properties = object.get("properties");
    if (properties == null || !properties.isObject() || properties.size() == 0) {
      throw new IllegalArgumentException(
          "Object "
              + (path.isEmpty() ? "(the schema)" : "'" + path + "'")
              + " needs \"properties\" with at least one field");
    }
    Set<String> required = new HashSet<>();
    JsonNode req = object.get("required");
    if (req != null && req.isArray()) {
      req.forEach(r -> required.add(r.asText()));
    }
    Schema.Builder schema = Schema.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String name = property.getKey();
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      FieldType type = fieldType(property.getValue(), fieldPath);
      boolean nullable = !required.contains(name) || allowsNull(property.getValue());
      schema.addField(name, type.withNullable(nullable));
    }
    return schema.build();
  }

  private static FieldType fieldType(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "Field '" + path + "' of the schema must be a JSON Schema object with a \"type\"");
    }
    String type = typeOf(node, path);
    switch (type) {
      case "integer":
        return FieldType.INT64;
      case "number":
        return FieldType.DOUBLE;
      case "boolean":
        return FieldType.BOOLEAN;
      case "string":
        return "base64".equals(node.path("contentEncoding").asText())
            ? FieldType.BYTES
            : FieldType.STRING;
      case "array":
        return FieldType.array(fieldType(node.get("items"), path + "[]"));
      case "object":
        return FieldType.row(rowSchema(node, path));
      default:
        throw new IllegalArgumentException(
            "Field '"
                + path
                + "' has JSON Schema type '"
                + type
                + "', which has no Beam type here; use integer, number, string, boolean, array or object");
    }
  }

  /**
   * The one non-null type of a node: {@code "type": "string"} or {@code "type": ["string",
   * "null"]}.
   */
  private static String typeOf(JsonNode node, String path) {
    JsonNode type = node.get("type");
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    if (type != null && type.isArray()) {
      String found = null;
      for (JsonNode t : type) {
        if (!"null".equals(t.asText())) {
          if (found != null) {
            throw new IllegalArgumentException(
                "Field '" + path + "' has several types " + type + "; give one (and \"null\")");
          }
          found = t.asText();
        }
      }
      if (found != null) {
        return found;
      }
    }
    throw new IllegalArgumentException("Field '" + path + "' of the schema has no \"type\"");
  }

  private static boolean allowsNull(JsonNode node) {
    JsonNode type = node.get("type");
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if ("null".equals(t.asText())) {
          return true;
        }
      }
    }
    return false;
  }
}
