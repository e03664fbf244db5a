package io.modelship.engine.state;

/**
 * An incident: an element instance (or its job, when {@code jobKey} is not -1) that cannot go on
 * until someone resolves it.
 */
public record Incident(
    long key,
    IncidentType type,
    String message,
    long processInstanceKey,
    long processDefinitionKey,
    String bpmnProcessId,
    String elementId,
    long elementInstanceKey,
    long jobKey,
    long createdMillis,
    boolean resolved)
    implements InstanceRecord {

  public Incident resolve() {
    return new Incident(
        key,
        type,
        message,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        elementId,
        elementInstanceKey,
        jobKey,
        createdMillis,
        true);
  }
}
