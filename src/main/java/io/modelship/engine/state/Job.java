package io.modelship.engine.state;

import io.modelship.engine.model.ExecutionListener;
import java.util.Map;

/**
 * A job: of a job-worker task, or of an execution listener of any element.
 *
 * @param deadline when an ACTIVATED job times out (epoch millis on the engine clock)
 * @param retryAt when a FAILED job with retries left becomes activatable again; 0 when it waits for
 *     an incident instead
 * @param listenerEventType for an execution listener's job: when it runs; null for a task's job
 * @param listenerIndex for an execution listener's job: its place among the element's listeners of
 *     that event type
 */
public record Job(
    long key,
    String type,
    JobState state,
    int retries,
    long deadline,
    String worker,
    String errorMessage,
    long retryAt,
    Map<String, String> headers,
    long elementInstanceKey,
    long processInstanceKey,
    long processDefinitionKey,
    String bpmnProcessId,
    int version,
    String elementId,
    ExecutionListener.EventType listenerEventType,
    int listenerIndex)
    implements InstanceRecord {

  public boolean isListener() {
    return listenerEventType != null;
  }

  public Job activated(String byWorker, long until) {
    return with(JobState.ACTIVATED, retries, until, byWorker, errorMessage, 0);
  }

  public Job activatable() {
    return with(JobState.ACTIVATABLE, retries, 0, worker, errorMessage, 0);
  }

  public Job failed(int newRetries, String message, long retryAtMillis) {
    return with(JobState.FAILED, newRetries, 0, worker, message, retryAtMillis);
  }

  public Job withRetries(int newRetries) {
    return with(state, newRetries, deadline, worker, errorMessage, retryAt);
  }

  public Job withDeadline(long newDeadline) {
    return with(state, retries, newDeadline, worker, errorMessage, retryAt);
  }

  /** This job in another state; what it belongs to never changes. */
  private Job with(
      JobState newState,
      int newRetries,
      long newDeadline,
      String newWorker,
      String newErrorMessage,
      long newRetryAt) {
    return new Job(
        key,
        type,
        newState,
        newRetries,
        newDeadline,
        newWorker,
        newErrorMessage,
        newRetryAt,
        headers,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId,
        listenerEventType,
        listenerIndex);
  }
}
