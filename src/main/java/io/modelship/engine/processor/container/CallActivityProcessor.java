package io.modelship.engine.processor.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.CalledElement;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Call activities. Activated: starts the latest version of the called process, with all variables
 * visible here ({@code propagateAllParentVariables}, the default) or only the call activity's local
 * ones (its input mappings). An unknown process opens a CALLED_ELEMENT_ERROR incident. When the
 * called process completes, its root variables ({@code propagateAllChildVariables}, the default)
 * become the call activity's result. Terminating: terminates the called process.
 */
public final class CallActivityProcessor implements ElementProcessor {

  private final EngineState state;
  private final ElementLifecycle lifecycle;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public CallActivityProcessor(
      EngineState state,
      ElementLifecycle lifecycle,
      VariableScopes variables,
      FeelExpressions feel,
      OpenIncidents incidents) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.variables = variables;
    this.feel = feel;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    CalledElement called = node.calledElement();
    Map<String, JsonNode> visible = variables.visible(instance.key());
    String processId;
    try {
      processId = feel.text(called.processId(), visible);
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
      return;
    }
    DeployedProcess definition = state.definitions().latest(processId);
    if (definition == null) {
      incidents.raise(
          instance,
          IncidentType.CALLED_ELEMENT_ERROR,
          "Expected process with BPMN process id '%s' to be deployed, but not found."
              .formatted(processId));
      return;
    }
    String start = lifecycle.processOf(definition).root().startEventId();
    Map<String, JsonNode> input =
        called.propagateAllParentVariables() ? visible : variables.local(instance.key());
    lifecycle.startProcess(definition, input, start, instance);
  }

  /** The called process completed: the call activity completes with its variables. */
  void calledProcessCompleted(ElementInstance calledProcess) {
    ElementInstance caller = state.elementInstances().get(calledProcess.parentElementInstanceKey());
    if (caller == null || !caller.isActive()) {
      return;
    }
    CalledElement called = lifecycle.nodeOf(caller).calledElement();
    Map<String, JsonNode> result =
        called.propagateAllChildVariables() ? variables.local(calledProcess.key()) : Map.of();
    lifecycle.completeWith(caller, result);
  }

  @Override
  public void onTerminating(ElementInstance instance, FlowNode node) {
    ElementInstance calledProcess = state.elementInstances().calledBy(instance.key());
    if (calledProcess != null) {
      lifecycle.terminate(calledProcess);
    }
  }
}
