package io.modelship.release;

import java.time.Instant;

/**
 * One step of one run: who runs it, how it ended, and its result.
 *
 * @param step the BPMN element id, suffixed with {@code .<app>} inside the per-app release
 * @param state {@code started}, {@code succeeded} or {@code failed}
 * @param result the step's output variables as JSON, when it succeeded
 * @param errorCode the BPMN error code when it ended in a business outcome; null for a technical
 *     failure
 */
public record StepRecord(
    String runId,
    String step,
    String state,
    String owner,
    Long jobKey,
    int attempts,
    String result,
    String errorCode,
    String errorMessage,
    Instant startedAt,
    Instant heartbeatAt,
    Instant finishedAt) {

  public static final String STARTED = "started";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** Ended in a business outcome: re-deliveries answer with the same BPMN error. */
  public boolean failedWithBusinessOutcome() {
    return FAILED.equals(state) && errorCode != null;
  }
}
