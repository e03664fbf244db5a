package io.modelship.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a webhook answers: the run it started or found, or why it started nothing.
 *
 * @param runId the build's run, when there is one
 * @param duplicate true when this delivery was handled before and nothing new started
 * @param ignored why nothing started (an event or branch that does not build), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookAnswer(String runId, Boolean duplicate, String ignored) {

  /** Whether this delivery started a new run. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  boolean started() {
    return runId != null && !Boolean.TRUE.equals(duplicate);
  }

  static WebhookAnswer started(StartedRun run) {
    return new WebhookAnswer(run.runId(), !run.created(), null);
  }

  static WebhookAnswer duplicateOf(String runId) {
    return new WebhookAnswer(runId.isEmpty() ? null : runId, true, null);
  }

  static WebhookAnswer ignored(String why) {
    return new WebhookAnswer(null, null, why);
  }
}
