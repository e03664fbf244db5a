package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.ElementState;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.timer.EngineClock;
import java.util.Map;

/**
 * How an element instance comes to life: created ACTIVATING (so it counts in its flow scope at
 * once), its input mappings applied, its start listeners run, its events armed; then ACTIVATED, and
 * its processor does its work. Each stage that fails opens an incident and waits there.
 */
final class Activation {

  private final EngineState state;
  private final EngineClock clock;
  private final VariableScopes variables;
  private final OpenIncidents incidents;
  private final ElementLifecycle lifecycle;
  private final ElementHoldings holdings;
  private final ExecutionListenerRuns listeners;

  Activation(
      EngineState state,
      EngineClock clock,
      VariableScopes variables,
      OpenIncidents incidents,
      ElementLifecycle lifecycle,
      ElementHoldings holdings,
      ExecutionListenerRuns listeners) {
    this.state = state;
    this.clock = clock;
    this.variables = variables;
    this.incidents = incidents;
    this.lifecycle = lifecycle;
    this.holdings = holdings;
    this.listeners = listeners;
  }

  ElementInstance startProcess(
      DeployedProcess definition,
      Map<String, JsonNode> initialVariables,
      String startEventId,
      ElementInstance callingElement) {
    ElementInstance process =
        ElementInstance.process(
            state.nextKey(), definition, callingElement, startEventId, clock.millis());
    state.elementInstances().put(process);
    variables.setLocal(process, initialVariables);
    lifecycle.later(() -> proceed(process));
    return state.elementInstances().get(process.key());
  }

  ElementInstance activate(ElementInstance scope, FlowNode node) {
    ElementInstance created = create(scope, node, 0);
    lifecycle.later(() -> proceed(created));
    return created;
  }

  void activateInner(ElementInstance body, int loopCounter, String inputElement, JsonNode item) {
    ElementInstance inner =
        create(body, lifecycle.processOf(body).node(body.elementId()), loopCounter);
    if (inputElement != null) {
      variables.setLocal(inner, inputElement, item);
    }
    variables.setLocal(inner, "loopCounter", IntNode.valueOf(loopCounter));
    lifecycle.later(() -> proceed(inner));
  }

  /** Input mappings, then the start listeners; the rest waits until they have completed. */
  void proceed(ElementInstance instance) {
    FlowNode node = lifecycle.nodeOf(instance);
    boolean body = instance.kind() == ElementKind.MULTI_INSTANCE_BODY;
    try {
      if (!body && !node.inputs().isEmpty()) {
        Map<String, JsonNode> context = variables.visible(instance.key());
        variables.setLocal(instance, variables.map(node.inputs(), context));
      }
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.IO_MAPPING_ERROR, e.getMessage());
      return;
    }
    if (!listeners.run(instance, node, ExecutionListener.EventType.START)) {
      finish(instance);
    }
  }

  /** Arms the instance's events, then it is ACTIVATED and its processor does its work. */
  void finish(ElementInstance instance) {
    FlowNode node = lifecycle.nodeOf(instance);
    try {
      holdings.arm(instance, node);
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.IO_MAPPING_ERROR, e.getMessage());
      return;
    }
    ElementInstance active = lifecycle.move(instance, ElementState.ACTIVATED);
    lifecycle.processor(active).onActivated(active, node);
  }

  private ElementInstance create(ElementInstance scope, FlowNode node, int loopCounter) {
    ElementKind kind =
        node.isMultiInstance() && loopCounter == 0 ? ElementKind.MULTI_INSTANCE_BODY : node.kind();
    ElementInstance instance =
        ElementInstance.child(state.nextKey(), scope, node.id(), kind, loopCounter, clock.millis());
    state.elementInstances().put(instance);
    return instance;
  }
}
