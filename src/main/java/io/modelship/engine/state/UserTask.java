package io.modelship.engine.state;

import java.util.List;
import java.util.Map;

/**
 * A user task waiting for a person; dates are ISO-8601 strings as the BPMN gave them. {@code
 * formKey} is the key of the linked form version resolved at creation (null without one), {@code
 * externalFormReference} a form the engine does not hold.
 */
public record UserTask(
    long key,
    long elementInstanceKey,
    long processInstanceKey,
    long processDefinitionKey,
    String bpmnProcessId,
    int version,
    String elementId,
    String name,
    String assignee,
    List<String> candidateGroups,
    List<String> candidateUsers,
    String dueDate,
    String followUpDate,
    Long formKey,
    String externalFormReference,
    UserTaskState state,
    long createdMillis,
    long completedMillis,
    Map<String, String> headers)
    implements InstanceRecord {

  public UserTask finished(UserTaskState newState, long nowMillis) {
    return new UserTask(
        key,
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId,
        name,
        assignee,
        candidateGroups,
        candidateUsers,
        dueDate,
        followUpDate,
        formKey,
        externalFormReference,
        newState,
        createdMillis,
        nowMillis,
        headers);
  }
}
