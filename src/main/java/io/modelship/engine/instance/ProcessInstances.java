package io.modelship.engine.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import java.util.Map;

/** Creates process instances at their none start event, and cancels them. */
public final class ProcessInstances {

  private final EngineState state;
  private final ElementLifecycle lifecycle;

  public ProcessInstances(EngineState state, ElementLifecycle lifecycle) {
    this.state = state;
    this.lifecycle = lifecycle;
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
