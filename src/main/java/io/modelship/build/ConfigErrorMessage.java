package io.modelship.build;

import com.networknt.schema.Error;
import tools.jackson.databind.JsonNode;

/** Turns one schema error into "Expected field 'x' to be …, but …". */
final class ConfigErrorMessage {

  private static final int MAX_VALUE_CHARS = 60;

  private ConfigErrorMessage() {}

  static String of(Error error) {
    String field = field(error.getInstanceLocation().toString());
    JsonNode value = error.getInstanceNode();
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    if (error.isCustomMessage()) {
      return "Expected " + field + " to be " + error.getMessage() + ", but it was " + shown(value);
    }
    return switch (keyword) {
      case "required" ->
          "Expected " + child(field, error.getProperty()) + " to be set, but it is missing";
      case "additionalProperties" ->
          "Expected only known fields in "
              + describe(field)
              + ", but found '"
              + error.getProperty()
              + "'";
      case "type" ->
          "Expected "
              + field
              + " to be "
              + expectedType(error)
              + ", but it was "
              + kind(value)
              + " "
              + shown(value);
      case "enum" ->
          "Expected "
              + field
              + " to be one of "
              + error.getSchemaNode()
              + ", but it was "
              + shown(value);
      default -> "Expected " + field + " to be valid, but it " + error.getMessage();
    };
  }

  private static String field(String path) {
    String name = path.startsWith("$") ? path.substring(1) : path;
    name = name.startsWith(".") ? name.substring(1) : name;
    return name.isEmpty() ? "the file" : "field '" + name + "'";
  }

  private static String describe(String field) {
    return field.equals("the file") ? "the file" : field;
  }

  private static String child(String field, String property) {
    if (field.equals("the file")) {
      return "field '" + property + "'";
    }
    return field.substring(0, field.length() - 1) + "." + property + "'";
  }

  private static String expectedType(Error error) {
    JsonNode type = error.getSchemaNode();
    String name = type == null ? "another type" : type.asString();
    return switch (name) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "integer" -> "an integer";
      case "string" -> "a string";
      default -> name;
    };
  }

  private static String kind(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isNumber()) {
      return "the number";
    }
    if (value.isBoolean()) {
      return "the boolean";
    }
    return "the string";
  }

  private static String shown(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isContainer()) {
      return value.isObject() ? "a mapping" : "a list";
    }
    String text = value.isString() ? "'" + value.asString() + "'" : value.toString();
    return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…'" : text;
  }
}
