package io.modelship.engine.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import java.util.Map;

/** Creates process instances at their none start event, cancels them, and sets variables. */
public final class ProcessInstances {

  private final EngineState state;
  private final ElementLifecycle lifecycle;
  private final VariableScopes variables;

  public ProcessInstances(EngineState state, ElementLifecycle lifecycle, VariableScopes variables) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.variables = variables;
  }

  /**
   * Sets variables in the scope of an active element instance ({@code local}), or from there
   * outward as completing a job would (the innermost scope that has each variable, else the process
   * instance).
   */
  public void setVariables(long elementInstanceKey, Map<String, JsonNode> values, boolean local) {
    ElementInstance scope = state.elementInstances().get(elementInstanceKey);
    if (scope == null || !scope.isActive()) {
      throw new NotFoundException(
          "Expected to set variables of an active element instance with key '%d', but none was found"
              .formatted(elementInstanceKey));
    }
    if (local) {
      variables.setLocal(scope, values);
    } else {
      variables.propagate(scope.key(), values);
    }
  }

  /** Starts the process given by key, or by id and version (version null or -1: the latest). */
  public ElementInstance create(
      Long definitionKey, String bpmnProcessId, Integer version, Map<String, JsonNode> variables) {
    DeployedProcess definition = definition(definitionKey, bpmnProcessId, version);
    String start = lifecycle.processOf(definition).root().startEventId();
    if (start == null) {
      throw new InvalidStateException(
          "Expected process '%s' to have a none start event to create an instance at, but it has none"
              .formatted(definition.bpmnProcessId()));
    }
    return lifecycle.startProcess(definition, variables, start, null);
  }

  public void cancel(long processInstanceKey) {
    ElementInstance instance = state.elementInstances().get(processInstanceKey);
    if (instance == null || !instance.isProcess()) {
      throw new NotFoundException(
          "Expected to cancel a process instance with key '%d', but no such process instance was found"
              .formatted(processInstanceKey));
    }
    if (!instance.isActive()) {
      throw new NotFoundException(
          "Expected to cancel an active process instance with key '%d', but it is %s"
              .formatted(processInstanceKey, instance.state().name().toLowerCase()));
    }
    if (instance.parentElementInstanceKey() >= 0) {
      throw new InvalidStateException(
          "Expected to cancel a root process instance, but %d was created by a call activity of %d"
              .formatted(processInstanceKey, instance.parentProcessInstanceKey()));
    }
    lifecycle.terminate(instance);
  }

  private DeployedProcess definition(Long key, String bpmnProcessId, Integer version) {
    if (key != null) {
      DeployedProcess definition = state.definitions().get(key);
      if (definition == null) {
        throw new NotFoundException(
            "Expected to find process definition with key '%d', but none was found".formatted(key));
      }
      return definition;
    }
    if (bpmnProcessId == null || bpmnProcessId.isBlank()) {
      throw new InvalidArgumentException(
          "Expected a processDefinitionId or processDefinitionKey, but neither was given");
    }
    DeployedProcess definition =
        version == null || version < 0
            ? state.definitions().latest(bpmnProcessId)
            : state.definitions().version(bpmnProcessId, version);
    if (definition == null) {
      throw new NotFoundException(
          "Expected to find process definition with process ID '%s'%s, but none found"
              .formatted(
                  bpmnProcessId, version == null || version < 0 ? "" : " and version " + version));
    }
    return definition;
  }
}
