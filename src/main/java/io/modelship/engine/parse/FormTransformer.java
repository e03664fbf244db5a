package io.modelship.engine.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelship.engine.model.FormDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a Camunda Form resource ({@code .form}): a JSON object whose {@code id} names the form, as
 * Zeebe requires; the rest of the schema is for the task list to render and is kept as given.
 */
public final class FormTransformer {

  private final ObjectMapper json = new ObjectMapper();

  /**
   * @throws InvalidDeploymentException naming the resource and what is wrong with it
   */
  public FormDefinition transform(String resourceName, byte[] content) {
    JsonNode form;
    try {
      form = json.readTree(content);
    } catch (JsonProcessingException e) {
      throw invalid(
          "Expected '%s' to be a Camunda Form (JSON), but it could not be read: %s%s"
              .formatted(
                  resourceName, withoutSource(e.getOriginalMessage()), where(e.getLocation())));
    } catch (IOException e) {
      throw invalid(
          "Expected '%s' to be a Camunda Form (JSON), but it could not be read"
              .formatted(resourceName));
    }
    if (form == null || !form.isObject()) {
      throw invalid(
          "Expected '%s' to be a Camunda Form (a JSON object), but it is not an object"
              .formatted(resourceName));
    }
    JsonNode id = form.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw invalid(
          "Expected '%s' to have a form id (a non-empty string 'id'), but found %s"
              .formatted(resourceName, id == null ? "none" : id.toString()));
    }
    JsonNode tag = form.get("versionTag");
    return new FormDefinition(
        id.asText(),
        tag != null && tag.isTextual() && !tag.asText().isBlank() ? tag.asText() : null,
        new String(content, StandardCharsets.UTF_8));
  }

  private static InvalidDeploymentException invalid(String problem) {
    return new InvalidDeploymentException(List.of(problem));
  }

  /** Jackson names where an unclosed array began with a description of the source; drop that. */
  private static String withoutSource(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int source = message.indexOf(" (start marker at [Source:");
    return source < 0 ? message : message.substring(0, source);
  }

  /** The place in the resource, without the source description Jackson adds to its messages. */
  private static String where(JsonLocation location) {
    return location == null
        ? ""
        : " (line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr());
  }
}
