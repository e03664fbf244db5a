package io.modelship.engine.feel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts between the engine's JSON variables and the Java values the FEEL engine works with.
 * Temporal results become ISO-8601 strings, as Zeebe stores them.
 */
public final class FeelValues {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Object> ANY = new TypeReference<>() {};

  private FeelValues() {}

  static Map<String, Object> toFeel(Map<String, JsonNode> variables) {
    Map<String, Object> values = new HashMap<>(variables.size() * 2);
    variables.forEach((name, value) -> values.put(name, JSON.convertValue(value, ANY)));
    return values;
  }

  /** Any value the FEEL engine or a request gave, as JSON. */
  public static JsonNode toJson(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null) {
      return nodes.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof TemporalAccessor || value instanceof Duration || value instanceof Period) {
      return nodes.textNode(value.toString());
    }
    if (value instanceof BigDecimal decimal) {
      BigDecimal stripped = decimal.stripTrailingZeros();
      return stripped.scale() <= 0 && stripped.precision() - stripped.scale() < 19
          ? nodes.numberNode(stripped.longValueExact())
          : nodes.numberNode(decimal.doubleValue());
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof Iterable<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    return JSON.valueToTree(value);
  }

  /** A JSON value as a plain Java value (maps, lists, strings, numbers, booleans, null). */
  public static Object toJava(JsonNode value) {
    return JSON.convertValue(value, ANY);
  }
}
