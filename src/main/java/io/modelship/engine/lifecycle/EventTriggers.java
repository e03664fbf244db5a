package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.ElementState;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.MessageSubscription;
import io.modelship.engine.state.Timer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What happens when an event fires for an element instance that waits for it (a timer fired, a
 * message was correlated, a signal was broadcast). Runs in agenda order, inside the command.
 */
final class EventTriggers {

  private final EngineState state;
  private final VariableScopes variables;
  private final ElementLifecycle lifecycle;
  private final Map<String, Map<String, JsonNode>> pending = new HashMap<>();

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
   *       the event completes at once with the variables ({@link #takeTrigger});
   *   <li>the start event of an event sub-process in the owner (a process or sub-process): see
   *       {@link #startEventSubProcess}.
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
          if (event.kind() == ElementKind.START_EVENT) {
            startEventSubProcess(current, event, vars);
            return;
          }
          ElementInstance scope = state.elementInstances().get(current.flowScopeKey());
          if (event.kind() == ElementKind.BOUNDARY_EVENT) {
            if (event.interrupting()) {
              lifecycle.terminate(current);
            }
            variables.propagate(scope.key(), vars);
            lifecycle.activate(scope, event);
          } else if (current.kind() == ElementKind.EVENT_BASED_GATEWAY) {
            pending.put(scope.key() + ":" + eventId, vars);
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
   * Starts the event sub-process of {@code start} inside {@code scope}; its start event completes
   * at once with the event's variables ({@link #takeTrigger}). An interrupting one first terminates
   * everything else in the scope and closes the scope's other event sub-process subscriptions, so
   * nothing else starts there; a non-interrupting one runs beside the rest. Either way the scope
   * completes only after it.
   */
  void startEventSubProcess(ElementInstance scope, FlowNode start, Map<String, JsonNode> vars) {
    // One agenda step, so the start event activates only after its variables wait for it.
    lifecycle.later(() -> interruptAndStart(scope, start, vars));
  }

  private void interruptAndStart(
      ElementInstance scope, FlowNode start, Map<String, JsonNode> vars) {
    ElementInstance current = state.elementInstances().get(scope.key());
    if (current == null || current.state() != ElementState.ACTIVATED) {
      return;
    }
    var process = lifecycle.processOf(scope);
    if (start.interrupting()) {
      Set<String> starts = new HashSet<>();
      process.eventSubProcessStarts(scope.elementId()).forEach(s -> starts.add(s.id()));
      for (Timer timer : state.timers().ofOwner(scope.key())) {
        if (starts.contains(timer.elementId())) {
          state.timers().remove(timer.key());
        }
      }
      for (MessageSubscription subscription :
          state.subscriptions().ofElementInstance(scope.key())) {
        if (starts.contains(subscription.elementId())) {
          state.subscriptions().remove(subscription.key());
        }
      }
      lifecycle.terminateChildren(scope, -1);
    }
    ElementInstance eventSubProcess = lifecycle.activate(scope, process.node(start.flowScopeId()));
    pending.put(eventSubProcess.key() + ":" + start.id(), vars);
  }

  /**
   * The variables of the event that triggered {@code event} before it was activated (the event
   * after an event-based gateway, the start event of an event sub-process), when {@code event} is
   * that event being activated now; else null.
   */
  Map<String, JsonNode> takeTrigger(ElementInstance event) {
    return pending.remove(event.flowScopeKey() + ":" + event.elementId());
  }

  /** Forgets triggers of a command that was taken back. */
  void clear() {
    pending.clear();
  }
}
