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
 * @param startEventId for a process instance: the start event it begins at once activated (its
 *     start listeners may run first); null for other elements
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
    List<JsonNode> loopItems,
    String startEventId)
    implements InstanceRecord {

  public ElementInstance {
    // Most instances have no join tokens and no loop items, and a finished instance's records are
    // kept by the hundred thousand: the empty ones share one map and one list (and null is empty).
    joinTokens = joinTokens == null || joinTokens.isEmpty() ? Map.of() : joinTokens;
    loopItems = loopItems == null || loopItems.isEmpty() ? List.of() : loopItems;
  }

  /**
   * A new process instance, ACTIVATING, to begin at {@code startEventId}; {@code callingElement} is
   * the call activity instance that starts it, or null.
   */
  public static ElementInstance process(
      long key,
      DeployedProcess definition,
      ElementInstance callingElement,
      String startEventId,
      long nowMillis) {
    return new ElementInstance(
        key,
        key,
        definition.key(),
        definition.bpmnProcessId(),
        definition.version(),
        definition.bpmnProcessId(),
        ElementKind.PROCESS,
        -1,
        ElementState.ACTIVATING,
        nowMillis,
        0,
        callingElement == null ? -1 : callingElement.processInstanceKey(),
        callingElement == null ? -1 : callingElement.key(),
        0,
        Map.of(),
        List.of(),
        startEventId);
  }

  /** A new instance of the element {@code elementId} inside {@code scope}, ACTIVATING. */
  public static ElementInstance child(
      long key,
      ElementInstance scope,
      String elementId,
      ElementKind kind,
      int loopCounter,
      long nowMillis) {
    return new ElementInstance(
        key,
        scope.processInstanceKey(),
        scope.processDefinitionKey(),
        scope.bpmnProcessId(),
        scope.version(),
        elementId,
        kind,
        scope.key(),
        ElementState.ACTIVATING,
        nowMillis,
        0,
        -1,
        -1,
        loopCounter,
        Map.of(),
        List.of(),
        null);
  }

  public ElementInstance withState(ElementState newState, long nowMillis) {
    return with(newState, newState.isFinal() ? nowMillis : endMillis, joinTokens, loopItems);
  }

  public ElementInstance withJoinTokens(Map<String, Integer> tokens) {
    return with(state, endMillis, Map.copyOf(tokens), loopItems);
  }

  public ElementInstance withLoopItems(List<JsonNode> items) {
    return with(state, endMillis, joinTokens, List.copyOf(items));
  }

  public boolean isProcess() {
    return kind == ElementKind.PROCESS;
  }

  public boolean isActive() {
    return !state.isFinal();
  }

  /** This instance with what changes while it runs replaced; what it is never changes. */
  private ElementInstance with(
      ElementState newState,
      long newEndMillis,
      Map<String, Integer> newJoinTokens,
      List<JsonNode> newLoopItems) {
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
        newEndMillis,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        loopCounter,
        newJoinTokens,
        newLoopItems,
        startEventId);
  }
}
