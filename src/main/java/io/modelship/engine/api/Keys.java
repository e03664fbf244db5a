package io.modelship.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.feel.FeelValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wire forms of keys, dates and variables: keys are decimal strings, dates ISO-8601. */
final class Keys {

  private Keys() {}

  static long parse(String key, String what) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(
          "Expected %s to be a numeric key, but found '%s'".formatted(what, key));
    }
  }

  static String text(long key) {
    return Long.toString(key);
  }

  static String date(long epochMillis) {
    return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }

  static Map<String, JsonNode> variables(Map<String, Object> variables) {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    if (variables != null) {
      variables.forEach((name, value) -> result.put(name, FeelValues.toJson(value)));
    }
    return result;
  }

  static Map<String, Object> wire(Map<String, JsonNode> variables) {
    return new LinkedHashMap<>(variables);
  }
}
