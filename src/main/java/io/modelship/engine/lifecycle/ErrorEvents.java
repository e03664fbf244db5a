package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import java.util.List;
import java.util.Map;

/**
 * Throws BPMN errors: finds the innermost catch event for the code, from the throwing element
 * outward, across call activities into the calling process. At each scope on the way, the error
 * start events of its event sub-processes come first, then the boundary events attached to it; of
 * one kind, the exact code wins over a catch-all. An error thrown inside an event sub-process is
 * not caught by the event sub-processes of that same scope.
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
   * Throws the error from {@code thrower}. Caught by an event sub-process, it starts that event
   * sub-process with the error's variables (terminating the rest of its scope); caught by a
   * boundary event, the catching activity is terminated (with everything inside it) and the
   * boundary event taken, with the error's variables.
   *
   * @return false when nothing catches it; nothing was changed then
   */
  public boolean throwError(ElementInstance thrower, String code, Map<String, JsonNode> vars) {
    ElementInstance current = thrower;
    ElementInstance inner = null;
    while (current != null) {
      if (ElementHoldings.hasEventSubProcesses(current)
          && (inner == null || inner.kind() != ElementKind.EVENT_SUB_PROCESS)) {
        FlowNode start =
            best(lifecycle.processOf(current).eventSubProcessStarts(current.elementId()), code);
        if (start != null) {
          lifecycle.startEventSubProcess(current, start, vars);
          return true;
        }
      }
      FlowNode boundary = boundaryCatcher(current, code);
      if (boundary != null) {
        ElementInstance catching = current;
        ElementInstance scope = state.elementInstances().get(catching.flowScopeKey());
        lifecycle.terminate(catching);
        variables.propagate(scope.key(), vars);
        lifecycle.activate(scope, boundary);
        return true;
      }
      inner = current;
      current = outer(current);
    }
    return false;
  }

  private FlowNode boundaryCatcher(ElementInstance instance, String code) {
    if (instance.isProcess() || instance.loopCounter() > 0) {
      return null;
    }
    var process = lifecycle.processOf(instance);
    return best(
        lifecycle.nodeOf(instance).boundaryEventIds().stream().map(process::node).toList(), code);
  }

  /** The error event for the code among {@code events}: the exact code, else a catch-all. */
  private static FlowNode best(List<FlowNode> events, String code) {
    FlowNode catchAll = null;
    for (FlowNode event : events) {
      if (event.event() != EventKind.ERROR) {
        continue;
      }
      if (code.equals(event.errorCode())) {
        return event;
      }
      if (event.errorCode() == null && catchAll == null) {
        catchAll = event;
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
