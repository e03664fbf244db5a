package io.modelship.engine.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelship.engine.command.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gRPC protocol's JSON strings: variables and custom headers travel as JSON documents. */
final class Json {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Json() {}

  /** Variables from a JSON object document; an empty string means none. */
  static Map<String, JsonNode> variables(String document) {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    if (document == null || document.isBlank()) {
      return result;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          "Expected variables as a JSON object, but they could not be read: "
              + e.getOriginalMessage());
    }
    if (!tree.isObject()) {
      throw new InvalidArgumentException(
          "Expected variables as a JSON object, but got a JSON " + tree.getNodeType());
    }
    tree.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
    return result;
  }

  static String document(Map<String, ?> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Expected values to serialise as JSON, but: " + e, e);
    }
  }
}
