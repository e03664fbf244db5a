package io.modelship.engine.state;

import java.util.List;
import java.util.Map;

/** A user task waiting for a person; dates are ISO-8601 strings as the BPMN gave them. */
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
    String formKey,
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
        newState,
        createdMillis,
        nowMillis,
        headers);
  }
}
