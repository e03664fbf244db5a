package io.modelship.steplog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one attempt of one step of one run: the run id minted by Modelship, the step's BPMN element
 * id (e.g. {@code fetch-model}), and the attempt, counting from 1.
 */
public record StepKey(String runId, String step, int attempt) {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public StepKey {
    requireSafe("runId", runId);
    requireSafe("step", step);
    if (attempt < 1) {
      throw new IllegalArgumentException(
          "Expected attempt to be at least 1, but it was " + attempt);
    }
  }

  private static void requireSafe(String name, String value) {
    Objects.requireNonNull(value, name);
    if (!SAFE.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(
          "Expected "
              + name
              + " to match "
              + SAFE.pattern()
              + " without '..', but it was '"
              + value
              + "'");
    }
  }
}
