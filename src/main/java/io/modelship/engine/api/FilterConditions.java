package io.modelship.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.command.InvalidArgumentException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The conditions of a search filter, tested against a result item in its wire shape: a value
 * (equality; a list field contains it), a list of objects (each among the field's objects), or an
 * object of operators ({@code $eq $neq $in $notIn $exists $like $gt $gte $lt $lte}); {@code $or}
 * holds when any of its filters does. Numbers compare as numbers, dates as dates.
 */
final class FilterConditions {

  private FilterConditions() {}

  /** Every field condition holds; {@code $or} holds when any of its filters does. */
  static boolean matchesAll(ObjectNode item, JsonNode conditions) {
    Iterator<Map.Entry<String, JsonNode>> fields = conditions.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> condition = fields.next();
      if (condition.getKey().equals("$or")) {
        if (!isEmpty(condition.getValue()) && !anyMatches(item, condition.getValue())) {
          return false;
        }
      } else if (!matches(item.get(condition.getKey()), condition.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(ObjectNode item, JsonNode alternatives) {
    for (JsonNode alternative : alternatives) {
      if (matchesAll(item, alternative)) {
        return true;
      }
    }
    return false;
  }

  /** The client sends empty lists for filters that were not set; they mean "any". */
  static boolean isEmpty(JsonNode condition) {
    return condition == null
        || condition.isNull()
        || (condition.isContainerNode() && condition.isEmpty());
  }

  private static boolean matches(JsonNode value, JsonNode condition) {
    if (isEmpty(condition)) {
      return true;
    }
    if (condition.isArray()) {
      // A list of objects (such as variables: [{name, value}]): each must be among the values.
      for (JsonNode wanted : condition) {
        if (value == null || !containsObject(value, wanted)) {
          return false;
        }
      }
      return true;
    }
    if (!condition.isObject()) {
      return equal(value, condition);
    }
    Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
    while (operators.hasNext()) {
      Map.Entry<String, JsonNode> op = operators.next();
      JsonNode arg = op.getValue();
      if (isEmpty(arg)) {
        continue;
      }
      boolean ok =
          switch (op.getKey()) {
            case "$eq" -> equal(value, arg);
            case "$neq" -> !equal(value, arg);
            case "$exists" -> arg.asBoolean() == (value != null && !value.isNull());
            case "$in" -> contains(arg, value);
            case "$notIn" -> !contains(arg, value);
            case "$like" -> value != null && like(arg.asText()).matcher(value.asText()).matches();
            case "$gt" -> value != null && compare(value, arg) > 0;
            case "$gte" -> value != null && compare(value, arg) >= 0;
            case "$lt" -> value != null && compare(value, arg) < 0;
            case "$lte" -> value != null && compare(value, arg) <= 0;
            default ->
                throw new InvalidArgumentException(
                    "Expected a filter operator ($eq, $neq, $in, $notIn, $exists, $like, $gt, $gte, $lt, $lte), but found '%s'"
                        .formatted(op.getKey()));
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsObject(JsonNode values, JsonNode wanted) {
    for (JsonNode candidate : values) {
      boolean all = true;
      Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields();
      while (fields.hasNext() && all) {
        Map.Entry<String, JsonNode> field = fields.next();
        all = matches(candidate.get(field.getKey()), field.getValue());
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode candidate : list) {
      if (equal(value, candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(JsonNode value, JsonNode expected) {
    if (value == null || value.isNull()) {
      return expected == null || expected.isNull();
    }
    if (value.isArray()) {
      return contains(value, expected);
    }
    return value.isNumber() && expected.isNumber()
        ? value.decimalValue().compareTo(expected.decimalValue()) == 0
        : value.asText().equals(expected.asText());
  }

  static int compare(JsonNode a, JsonNode b) {
    if (a == null || a.isNull()) {
      return b == null || b.isNull() ? 0 : -1;
    }
    if (b == null || b.isNull()) {
      return 1;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    try {
      return OffsetDateTime.parse(a.asText()).compareTo(OffsetDateTime.parse(b.asText()));
    } catch (DateTimeParseException e) {
      if (a.asText().matches("-?\\d+") && b.asText().matches("-?\\d+")) {
        return Long.compare(Long.parseLong(a.asText()), Long.parseLong(b.asText()));
      }
      return a.asText().compareTo(b.asText());
    }
  }

  private static Pattern like(String wildcard) {
    StringBuilder regex = new StringBuilder();
    for (char c : wildcard.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
