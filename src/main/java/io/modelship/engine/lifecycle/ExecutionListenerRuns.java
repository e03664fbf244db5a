package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.List;
import java.util.Map;

/**
 * Runs an element's execution listeners as Zeebe documents them: one job after another, in the
 * order of the BPMN. Start listeners run after the input mappings and before anything else of the
 * element (its events are armed, its work begins only after them); the variables a start listener
 * completes with become local variables of the element. End listeners run after the output mappings
 * and before the element leaves; their variables go to the element's flow scope, as outputs do. On
 * a multi-instance activity they run once, around the whole body. A listener whose type or retries
 * cannot be evaluated opens an EXTRACT_VALUE_ERROR incident; resolving it runs that kind's
 * listeners again from the first.
 */
final class ExecutionListenerRuns {

  private final VariableScopes variables;
  private final OpenIncidents incidents;
  private final ElementLifecycle lifecycle;
  private ListenerJobs jobs;

  ExecutionListenerRuns(
      VariableScopes variables, OpenIncidents incidents, ElementLifecycle lifecycle) {
    this.variables = variables;
    this.incidents = incidents;
    this.lifecycle = lifecycle;
  }

  void use(ListenerJobs jobs) {
    this.jobs = jobs;
  }

  /**
   * Starts the first listener of {@code type}.
   *
   * @return false when the element has none, so it goes on at once
   */
  boolean run(ElementInstance instance, FlowNode node, ExecutionListener.EventType type) {
    if (listeners(instance, node, type).isEmpty()) {
      return false;
    }
    create(instance, node, type, 0);
    return true;
  }

  /**
   * The {@code index}th listener of {@code type} completed with {@code result}: the next one runs,
   * or after the last the element finishes its activation or completion.
   */
  void completed(
      ElementInstance instance,
      ExecutionListener.EventType type,
      int index,
      Map<String, JsonNode> result) {
    if (instance == null || !instance.isActive()) {
      return;
    }
    if (type == ExecutionListener.EventType.START) {
      variables.setLocal(instance, result);
    } else {
      variables.propagate(instance.isProcess() ? instance.key() : instance.flowScopeKey(), result);
    }
    FlowNode node = lifecycle.nodeOf(instance);
    if (index + 1 < listeners(instance, node, type).size()) {
      create(instance, node, type, index + 1);
    } else if (type == ExecutionListener.EventType.START) {
      lifecycle.finishActivation(instance);
    } else {
      lifecycle.finishCompletion(instance, null);
    }
  }

  private void create(
      ElementInstance instance, FlowNode node, ExecutionListener.EventType type, int index) {
    try {
      jobs.create(instance, listeners(instance, node, type).get(index).job(), type, index);
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }

  private static List<ExecutionListener> listeners(
      ElementInstance instance, FlowNode node, ExecutionListener.EventType type) {
    if (instance.loopCounter() > 0) {
      return List.of();
    }
    return node.executionListeners().stream().filter(l -> l.eventType() == type).toList();
  }
}
