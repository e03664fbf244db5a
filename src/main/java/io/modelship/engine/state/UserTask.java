package io.modelship.engine.state;

import java.util.List;
import java.util.Map;

/**
 * A user task waiting for a person; dates are ISO-8601 strings as the BPMN gave them. {@code
 * linkedFormKey} is the key of the linked form version resolved at creation (null without one;
 * Camunda's {@code formKey}), {@code externalFormReference} a form the engine does not hold.
 * (Records written before forms have a text {@code formKey} instead, which is ignored when they are
 * read.)
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
    Long linkedFormKey,
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
        linkedFormKey,
        externalFormReference,
        newState,
        createdMillis,
        nowMillis,
        headers);
  }
}
