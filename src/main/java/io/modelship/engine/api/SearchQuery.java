package io.modelship.engine.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.command.InvalidArgumentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A search request as the client builds it ({@code filter}, {@code sort}, {@code page}), applied to
 * result items that are already in their wire shape. A filter field is either a value (equality) or
 * an object of operators ({@code $eq $neq $in $notIn $exists $like $gt $gte $lt $lte}). Filtering
 * on a field the results do not have is refused, not ignored.
 */
final class SearchQuery {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_LIMIT = 100;

  /** Fields items carry only to be filtered on, such as a process instance's variables. */
  static final java.util.List<String> HIDDEN = java.util.List.of("variables");

  private final ObjectNode filter;
  private final ArrayNode sort;
  private final JsonNode page;

  private SearchQuery(ObjectNode filter, ArrayNode sort, JsonNode page) {
    this.filter = filter;
    this.sort = sort;
    this.page = page;
  }

  static SearchQuery parse(byte[] body, Class<?> modelType) {
    if (body == null || body.length == 0) {
      return new SearchQuery(JsonNodeFactory.instance.objectNode(), null, null);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
      JSON.treeToValue(asAdvancedFilters(tree, modelType), modelType);
    } catch (IOException e) {
      throw new InvalidArgumentException(
          "Expected a JSON %s, but %s"
              .formatted(modelType.getSimpleName(), e.getMessage().split("\n")[0]));
    }
    JsonNode filter = tree.get("filter");
    return new SearchQuery(
        filter instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode(),
        tree.get("sort") instanceof ArrayNode array ? array : null,
        tree.get("page"));
  }

  /**
   * A copy of the request for checking against the client's model classes: the REST API accepts a
   * plain value for a filter field as well as an object of operators (OpenAPI {@code oneOf}), but
   * the generated {@code *FilterProperty} classes read only the object, so a plain value for such a
   * field is checked as {@code {"$eq": value}}.
   */
  private static JsonNode asAdvancedFilters(JsonNode tree, Class<?> modelType) {
    if (!(tree instanceof ObjectNode object) || !(object.get("filter") instanceof ObjectNode)) {
      return tree;
    }
    JavaType filterType = propertyType(JSON.constructType(modelType), "filter");
    if (filterType == null) {
      return tree;
    }
    ObjectNode copy = object.deepCopy();
    wrapValues((ObjectNode) copy.get("filter"), filterType);
    return copy;
  }

  private static void wrapValues(ObjectNode filter, JavaType filterType) {
    for (String name : iterable(filter)) {
      JsonNode value = filter.get(name);
      if (name.equals("$or") && value.isArray()) {
        value.forEach(
            f -> {
              if (f instanceof ObjectNode alternative) {
                wrapValues(alternative, filterType);
              }
            });
        continue;
      }
      JavaType type = propertyType(filterType, name);
      if (value.isValueNode()
          && !value.isNull()
          && type != null
          && type.getRawClass().getSimpleName().endsWith("FilterProperty")) {
        filter.set(name, JSON.createObjectNode().set("$eq", value));
      }
    }
  }

  private static java.util.List<String> iterable(ObjectNode node) {
    java.util.List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JavaType propertyType(JavaType type, String name) {
    for (BeanPropertyDefinition property :
        JSON.getDeserializationConfig().introspect(type).findProperties()) {
      if (property.getName().equals(name)) {
        return property.getPrimaryType();
      }
    }
    return null;
  }

  /**
   * The keys a filter on this key field admits ({@code value}, {@code $eq} or {@code $in} at the
   * top level, which every item must match), so that only their items need building; null when the
   * filter admits any key. A key that is no decimal number admits nothing.
   */
  Set<Long> keysOf(String keyField) {
    JsonNode condition = filter.get(keyField);
    if (FilterConditions.isEmpty(condition)) {
      return null;
    }
    if (condition.isValueNode()) {
      return keys(List.of(condition));
    }
    if (condition.isObject() && !FilterConditions.isEmpty(condition.get("$eq"))) {
      return keys(List.of(condition.get("$eq")));
    }
    if (condition.isObject() && condition.get("$in") instanceof ArrayNode in && !in.isEmpty()) {
      List<JsonNode> values = new ArrayList<>();
      in.forEach(values::add);
      return keys(values);
    }
    return null;
  }

  private static Set<Long> keys(List<JsonNode> values) {
    Set<Long> keys = new java.util.HashSet<>();
    for (JsonNode value : values) {
      String text = value.asText();
      try {
        long key = Long.parseLong(text);
        if (Keys.text(key).equals(text)) {
          keys.add(key);
        }
      } catch (NumberFormatException noKey) {
        // matches no item: keys are decimal numbers
      }
    }
    return keys;
  }

  /** Whether the filter, or any of its {@code $or} alternatives, has a condition on the field. */
  boolean filtersOn(String field) {
    return filtersOn(filter, field);
  }

  private static boolean filtersOn(JsonNode filter, String field) {
    if (!FilterConditions.isEmpty(filter.get(field))) {
      return true;
    }
    if (filter.get("$or") instanceof ArrayNode alternatives) {
      for (JsonNode alternative : alternatives) {
        if (filtersOn(alternative, field)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Filters, sorts and pages the items; returns the response body.
   *
   * @param fields the fields a filter may name; null when there are no items to check against
   */
  ObjectNode apply(List<ObjectNode> items, Set<String> fields) {
    filter
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (fields != null
                  && !name.equals("$or")
                  && !fields.contains(name)
                  && !FilterConditions.isEmpty(filter.get(name))) {
                throw new InvalidArgumentException(
                    "Expected a filter on one of %s, but '%s' is not supported"
                        .formatted(fields, name));
              }
            });
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode item : items) {
      if (matches(item)) {
        matching.add(item);
      }
    }
    if (sort != null) {
      Comparator<ObjectNode> order = null;
      for (JsonNode by : sort) {
        String field = by.path("field").asText();
        Comparator<ObjectNode> next =
            (a, b) -> FilterConditions.compare(a.get(field), b.get(field));
        if ("DESC".equalsIgnoreCase(by.path("order").asText())) {
          next = next.reversed();
        }
        order = order == null ? next : order.thenComparing(next);
      }
      if (order != null) {
        matching.sort(order);
      }
    }
    int limit = page != null && page.has("limit") ? page.get("limit").asInt() : DEFAULT_LIMIT;
    int from = page != null && page.has("from") ? page.get("from").asInt() : 0;
    if (page != null && page.hasNonNull("after")) {
      from = cursor(page.get("after").asText()) + 1;
    }
    int to = Math.min(matching.size(), from + Math.max(limit, 0));
    if (page != null && page.hasNonNull("before")) {
      to = Math.min(matching.size(), cursor(page.get("before").asText()));
      from = Math.max(0, to - limit);
    }
    from = Math.max(0, Math.min(from, matching.size()));
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode out = result.putArray("items");
    matching
        .subList(from, Math.max(from, to))
        .forEach(item -> out.add(item.deepCopy().without(HIDDEN)));
    ObjectNode pageResponse = result.putObject("page");
    pageResponse.put("totalItems", matching.size());
    pageResponse.put("hasMoreTotalItems", false);
    if (to > from) {
      pageResponse.put("startCursor", Integer.toString(from));
      pageResponse.put("endCursor", Integer.toString(to - 1));
    }
    return result;
  }

  private boolean matches(ObjectNode item) {
    return FilterConditions.matchesAll(item, filter);
  }

  private static int cursor(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(
          "Expected a page cursor from an earlier answer, but found '%s'".formatted(text));
    }
  }
}
