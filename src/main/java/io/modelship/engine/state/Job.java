package io.modelship.engine.state;

import java.util.Map;

/**
 * A job of a job-worker task.
 *
 * @param deadline when an ACTIVATED job times out (epoch millis on the engine clock)
 * @param retryAt when a FAILED job with retries left becomes activatable again; 0 when it waits for
 *     an incident instead
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
    String elementId)
    implements InstanceRecord {

  public Job activated(String byWorker, long until) {
    return new Job(
        key,
        type,
        JobState.ACTIVATED,
        retries,
        until,
        byWorker,
        errorMessage,
        0,
        headers,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId);
  }

  public Job activatable() {
    return new Job(
        key,
        type,
        JobState.ACTIVATABLE,
        retries,
        0,
        worker,
        errorMessage,
        0,
        headers,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId);
  }

  public Job failed(int newRetries, String message, long retryAtMillis) {
    return new Job(
        key,
        type,
        JobState.FAILED,
        newRetries,
        0,
        worker,
        message,
        retryAtMillis,
        headers,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId);
  }

  public Job withRetries(int newRetries) {
    return new Job(
        key,
        type,
        state,
        newRetries,
        deadline,
        worker,
        errorMessage,
        retryAt,
        headers,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId);
  }

  public Job withDeadline(long newDeadline) {
    return new Job(
        key,
        type,
        state,
        retries,
        newDeadline,
        worker,
        errorMessage,
        retryAt,
        headers,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId);
  }
}
