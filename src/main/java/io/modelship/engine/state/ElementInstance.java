package io.modelship.engine.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.model.ElementKind;
import java.util.List;
import java.util.Map;

/**
 * One running (or finished) element of a process instance. The process instance itself is the
 * element instance of kind {@code PROCESS} whose key is its {@code processInstanceKey}.
 *
 * @param flowScopeKey the enclosing element instance, or -1 for a process instance
 * @param parentElementInstanceKey for a process started by a call activity: that call activity's
 *     instance, else -1
 * @param loopCounter for an inner multi-instance element: its 1-based index
 * @param joinTokens for a flow scope: tokens waiting at parallel joins, by sequence flow id
 * @param loopItems for a multi-instance body: the evaluated input collection
 */
public record ElementInstance(
    long key,
    long processInstanceKey,
    long processDefinitionKey,
    String bpmnProcessId,
    int version,
    String elementId,
    ElementKind kind,
    long flowScopeKey,
    ElementState state,
    long startMillis,
    long endMillis,
    long parentProcessInstanceKey,
    long parentElementInstanceKey,
    int loopCounter,
    Map<String, Integer> joinTokens,
    List<JsonNode> loopItems)
    implements InstanceRecord {

  public ElementInstance withState(ElementState newState, long nowMillis) {
    return new ElementInstance(
        key,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId,
        kind,
        flowScopeKey,
        newState,
        startMillis,
        newState.isFinal() ? nowMillis : endMillis,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        loopCounter,
        joinTokens,
        loopItems);
  }

  public ElementInstance withJoinTokens(Map<String, Integer> tokens) {
    return new ElementInstance(
        key,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId,
        kind,
        flowScopeKey,
        state,
        startMillis,
        endMillis,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        loopCounter,
        Map.copyOf(tokens),
        loopItems);
  }

  public ElementInstance withLoopItems(List<JsonNode> items) {
    return new ElementInstance(
        key,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        version,
        elementId,
        kind,
        flowScopeKey,
        state,
        startMillis,
        endMillis,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        loopCounter,
        joinTokens,
        List.copyOf(items));
  }

  public boolean isProcess() {
    return kind == ElementKind.PROCESS;
  }

  public boolean isActive() {
    return !state.isFinal();
  }
}
