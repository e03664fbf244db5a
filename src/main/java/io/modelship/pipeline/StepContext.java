package io.modelship.pipeline;

import io.camunda.client.api.response.ActivatedJob;
import io.modelship.steplog.StepLog;
import java.util.Map;

/**
 * What a worker's step sees: the job's variables, the run, the step's name and attempt, and the
 * step's log.
 *
 * @param step the BPMN element id, suffixed with {@code .<app>} inside the per-app release
 */
public record StepContext(ActivatedJob job, String runId, String step, int attempt, StepLog log) {

  /** A variable that must be present and a non-blank string. */
  public String string(String name) {
    Object value = job.getVariablesAsMap().get(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalStateException(
          "Expected variable '" + name + "' to be a non-blank string, but it is " + value);
    }
    return text;
  }

  /** A variable that may be absent or null. */
  public String optionalString(String name) {
    Object value = job.getVariablesAsMap().get(name);
    return value == null ? null : value.toString();
  }

  /** A variable holding a JSON object, e.g. {@code candidate}; null when absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String name) {
    Object value = job.getVariablesAsMap().get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalStateException(
          "Expected variable '" + name + "' to be an object, but it is " + value);
    }
    return (Map<String, Object>) map;
  }

  /** A string field of an object variable, which must be present. */
  public String field(String object, String field) {
    Map<String, Object> map = object(object);
    Object value = map == null ? null : map.get(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalStateException(
          "Expected variable '"
              + object
              + "."
              + field
              + "' to be a non-blank string, but it is "
              + value);
    }
    return text;
  }
}
