package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import java.util.HashMap;
import java.util.Map;

/**
 * What happens when an event fires for an element instance that waits for it (a timer fired, a
 * message was correlated, a signal was broadcast). Runs in agenda order, inside the command.
 */
final class EventTriggers {

  private final EngineState state;
  private final VariableScopes variables;
  private final ElementLifecycle lifecycle;
  private final Map<String, Map<String, JsonNode>> gatewayTriggers = new HashMap<>();

  EventTriggers(EngineState state, VariableScopes variables, ElementLifecycle lifecycle) {
    this.state = state;
    this.variables = variables;
    this.lifecycle = lifecycle;
  }

  /**
   * {@code eventId} fired for {@code owner}:
   *
   * <ul>
   *   <li>the owner's own element (a catch event, a receive task): it completes with the variables;
   *   <li>a boundary event of the owner: an interrupting one terminates the activity; the boundary
   *       event is activated in the activity's flow scope, with the variables set there;
   *   <li>an event after an event-based gateway (the owner): the gateway completes towards it, and
   *       the event completes at once with the variables ({@link #takeGatewayTrigger}).
   * </ul>
   */
  void trigger(ElementInstance owner, String eventId, Map<String, JsonNode> vars) {
    lifecycle.later(
        () -> {
          ElementInstance current = state.elementInstances().get(owner.key());
          if (current == null || !current.isActive()) {
            return;
          }
          if (current.elementId().equals(eventId)) {
            lifecycle.completeWith(current, vars);
            return;
          }
          var process = lifecycle.processOf(current);
          FlowNode event = process.node(eventId);
          ElementInstance scope = state.elementInstances().get(current.flowScopeKey());
          if (event.kind() == ElementKind.BOUNDARY_EVENT) {
            if (event.interrupting()) {
              lifecycle.terminate(current);
            }
            variables.propagate(scope.key(), vars);
            lifecycle.activate(scope, event);
          } else if (current.kind() == ElementKind.EVENT_BASED_GATEWAY) {
            gatewayTriggers.put(scope.key() + ":" + eventId, vars);
            String flow =
                lifecycle.nodeOf(current).outgoing().stream()
                    .filter(f -> process.flow(f).targetId().equals(eventId))
                    .findFirst()
                    .orElseThrow();
            lifecycle.completeTaking(current, flow);
          }
        });
  }

  /**
   * The variables of the event an event-based gateway was triggered by, when {@code event} is that
   * event being activated now; else null.
   */
  Map<String, JsonNode> takeGatewayTrigger(ElementInstance event) {
    return gatewayTriggers.remove(event.flowScopeKey() + ":" + event.elementId());
  }

  /** Forgets triggers of a command that was taken back. */
  void clear() {
    gatewayTriggers.clear();
  }
}
