package io.modelship.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A model's metrics as the app's tests measured them (for example held-out {@code accuracy}):
 * metric name to a finite number, in name order. The ledger stores them with the build as a JSON
 * object, and they travel with the image as labels.
 */
public record ModelMetrics(Map<String, Double> values) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModelMetrics NONE = new ModelMetrics(Map.of());

  public ModelMetrics {
    TreeMap<String, Double> copy = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Expected a metric name, but found an empty one");
          }
          if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                "Expected metric '" + name + "' to be a finite number, but found " + value);
          }
          copy.put(name, value);
        });
    values = Collections.unmodifiableMap(copy);
  }

  public static ModelMetrics none() {
    return NONE;
  }

  /**
   * Metrics from a process variable (a JSON object of name to number, e.g. {@code modelMetrics});
   * null is none.
   *
   * @throws IllegalArgumentException when a value is not a number
   */
  public static ModelMetrics fromVariable(Map<String, ?> variable) {
    if (variable == null) {
      return NONE;
    }
    Map<String, Double> values = new TreeMap<>();
    variable.forEach(
        (name, value) -> {
          if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(
                "Expected metric '" + name + "' to be a number, but found " + value);
          }
          values.put(name, number.doubleValue());
        });
    return new ModelMetrics(values);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public OptionalDouble get(String name) {
    Double value = values.get(name);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * The JSON object the ledger stores, e.g. {@code {"accuracy":0.97}}; null when there are none.
   */
  public String toJson() {
    if (values.isEmpty()) {
      return null;
    }
    ObjectNode node = JSON.createObjectNode();
    values.forEach(node::put);
    return node.toString();
  }

  /**
   * Reads a JSON object of metric name to number, as the ledger stores it and as an app's metrics
   * file holds it. Null or blank is no metrics.
   *
   * @throws IllegalArgumentException naming what is wrong when it is not such an object
   */
  public static ModelMetrics fromJson(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Expected metrics as a JSON object, but it is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "Expected metrics as a JSON object of name to number, but found "
              + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
    }
    Map<String, Double> values = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isNumber()) {
        throw new IllegalArgumentException(
            "Expected metric '"
                + field.getKey()
                + "' to be a number, but found "
                + field.getValue());
      }
      values.put(field.getKey(), field.getValue().doubleValue());
    }
    return new ModelMetrics(values);
  }
}
