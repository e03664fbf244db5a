package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import java.util.Map;

/**
 * Throws BPMN errors: finds the innermost error boundary event that catches the code, from the
 * throwing element outward, across call activities into the calling process. A boundary with the
 * exact code wins over a catch-all one on the same activity.
 */
public final class ErrorEvents {

  private final EngineState state;
  private final ElementLifecycle lifecycle;
  private final VariableScopes variables;

  public ErrorEvents(EngineState state, ElementLifecycle lifecycle, VariableScopes variables) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.variables = variables;
  }

  /**
   * Throws the error from {@code thrower}. When caught, the catching activity is terminated (with
   * everything inside it) and its boundary event taken, with the error's variables.
   *
   * @return false when nothing catches it; nothing was changed then
   */
  public boolean throwError(ElementInstance thrower, String code, Map<String, JsonNode> vars) {
    ElementInstance current = thrower;
    while (current != null) {
      String boundaryId = catcher(current, code);
      if (boundaryId != null) {
        ElementInstance catching = current;
        ElementInstance scope = state.elementInstances().get(catching.flowScopeKey());
        lifecycle.terminate(catching);
        variables.propagate(scope.key(), vars);
        lifecycle.activate(scope, boundaryId);
        return true;
      }
      current = outer(current);
    }
    return false;
  }

  private String catcher(ElementInstance instance, String code) {
    if (instance.isProcess() || instance.loopCounter() > 0) {
      return null;
    }
    FlowNode node = lifecycle.nodeOf(instance);
    String catchAll = null;
    for (String boundaryId : node.boundaryEventIds()) {
      FlowNode boundary = lifecycle.processOf(instance).node(boundaryId);
      if (boundary.event() != EventKind.ERROR) {
        continue;
      }
      if (code.equals(boundary.errorCode())) {
        return boundaryId;
      }
      if (boundary.errorCode() == null && catchAll == null) {
        catchAll = boundaryId;
      }
    }
    return catchAll;
  }

  private ElementInstance outer(ElementInstance instance) {
    if (instance.flowScopeKey() >= 0) {
      return state.elementInstances().get(instance.flowScopeKey());
    }
    return instance.parentElementInstanceKey() >= 0
        ? state.elementInstances().get(instance.parentElementInstanceKey())
        : null;
  }
}
