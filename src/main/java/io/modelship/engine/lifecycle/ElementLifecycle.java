package io.modelship.engine.lifecycle;

import static io.modelship.engine.state.ElementState.ACTIVATED;
import static io.modelship.engine.state.ElementState.ACTIVATING;
import static io.modelship.engine.state.ElementState.COMPLETED;
import static io.modelship.engine.state.ElementState.COMPLETING;
import static io.modelship.engine.state.ElementState.TERMINATED;
import static io.modelship.engine.state.ElementState.TERMINATING;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.deployment.ProcessCache;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.ExecutableProcess;
import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.ElementState;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.timer.EngineClock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies every lifecycle change of element instances: activate, complete, terminate, and the retry
 * of a step an incident stopped. Follow-up steps (taking sequence flows, completing a flow scope)
 * run from the {@link Agenda} in order, inside the same command.
 */
public final class ElementLifecycle {

  private final EngineState state;
  private final EngineClock clock;
  private final ProcessCache processes;
  private final VariableScopes variables;
  private final OpenIncidents incidents;
  private final Agenda agenda = new Agenda();
  private final Tokens tokens;
  private final LoopOutput loopOutput;
  private Function<ElementKind, ElementProcessor> processors;
  private final ElementHoldings holdings;
  private final Activation activation;
  private final EventTriggers triggers;
  private final ExecutionListenerRuns listeners;

  public ElementLifecycle(
      EngineState state,
      EngineClock clock,
      ProcessCache processes,
      VariableScopes variables,
      OpenIncidents incidents) {
    this.state = state;
    this.clock = clock;
    this.processes = processes;
    this.variables = variables;
    this.incidents = incidents;
    this.tokens = new Tokens(state, agenda, this);
    this.loopOutput = new LoopOutput(state, variables, incidents);
    this.triggers = new EventTriggers(state, variables, this);
    this.listeners = new ExecutionListenerRuns(variables, incidents, this);
    this.holdings = new ElementHoldings(state, variables, incidents, this);
    this.activation = new Activation(state, clock, variables, incidents, this, holdings, listeners);
  }

  /** Connects the processors; called once while the engine is assembled. */
  public void use(
      Function<ElementKind, ElementProcessor> processorsByKind,
      EventArming arming,
      ListenerJobs jobs) {
    this.processors = processorsByKind;
    this.holdings.use(arming);
    this.listeners.use(jobs);
  }

  /** See {@link EventTriggers#trigger}. */
  public void trigger(ElementInstance owner, String eventId, Map<String, JsonNode> vars) {
    triggers.trigger(owner, eventId, vars);
  }

  /** See {@link EventTriggers#takeTrigger}. */
  public Map<String, JsonNode> takeTrigger(ElementInstance event) {
    return triggers.takeTrigger(event);
  }

  /** See {@link EventTriggers#startEventSubProcess}. */
  void startEventSubProcess(ElementInstance scope, FlowNode start, Map<String, JsonNode> vars) {
    triggers.startEventSubProcess(scope, start, vars);
  }

  /**
   * Creates a process instance and starts it at {@code startEventId} (after its start listeners).
   */
  public ElementInstance startProcess(
      DeployedProcess definition,
      Map<String, JsonNode> initialVariables,
      String startEventId,
      ElementInstance callingElement) {
    return activation.startProcess(definition, initialVariables, startEventId, callingElement);
  }

  /** Activates an element of the process inside the flow scope {@code scope}. */
  public void activate(ElementInstance scope, String elementId) {
    activate(scope, processOf(scope).node(elementId));
  }

  /** Activates the inner instance {@code loopCounter} (1-based) of a multi-instance body. */
  public void activateInner(
      ElementInstance body, int loopCounter, String inputElement, JsonNode item) {
    activation.activateInner(body, loopCounter, inputElement, item);
  }

  /**
   * Creates the instance at once, so it counts as active in its flow scope from now on, and queues
   * the rest of its activation.
   */
  ElementInstance activate(ElementInstance scope, FlowNode node) {
    return activation.activate(scope, node);
  }

  /** After the start listeners: see {@link Activation#finish}. */
  void finishActivation(ElementInstance instance) {
    activation.finish(instance);
  }

  /** See {@link ExecutionListenerRuns#completed}. */
  public void listenerCompleted(
      ElementInstance instance,
      ExecutionListener.EventType type,
      int index,
      Map<String, JsonNode> result) {
    agenda.run(() -> listeners.completed(current(instance), type, index, result));
  }

  /** Keeps a multi-instance body's evaluated input collection on it. */
  public void keepLoopItems(ElementInstance body, List<JsonNode> items) {
    state.elementInstances().put(current(body).withLoopItems(items));
  }

  /** Completes an element taking all its outgoing flows. */
  public void complete(ElementInstance instance) {
    agenda.run(() -> proceedCompletion(current(instance), null));
  }

  /** Completes an element (a gateway) taking only the given flow. */
  public void completeTaking(ElementInstance instance, String flowId) {
    agenda.run(() -> proceedCompletion(current(instance), flowId));
  }

  /**
   * Completes an element with a result (job or user task variables, a message's variables, a called
   * process's variables). Without output mappings the result propagates from the element outward;
   * with them, it becomes local input to the output mappings.
   */
  public void completeWith(ElementInstance instance, Map<String, JsonNode> result) {
    ElementInstance current = current(instance);
    if (nodeOf(current).outputs().isEmpty() || current.kind() == ElementKind.MULTI_INSTANCE_BODY) {
      variables.propagate(current.key(), result);
    } else {
      variables.setLocal(current, result);
    }
    complete(current);
  }

  private void proceedCompletion(ElementInstance instance, String onlyFlow) {
    if (instance.state() == ACTIVATED) {
      instance = move(instance, COMPLETING);
      processor(instance).onCompleting(instance, nodeOf(instance));
    }
    if (instance.state() != COMPLETING) {
      return;
    }
    FlowNode node = nodeOf(instance);
    if (instance.kind() != ElementKind.MULTI_INSTANCE_BODY && !node.outputs().isEmpty()) {
      try {
        Map<String, JsonNode> output =
            variables.map(node.outputs(), variables.visible(instance.key()));
        variables.propagate(instance.flowScopeKey(), output);
      } catch (ExpressionException e) {
        incidents.raise(instance, IncidentType.IO_MAPPING_ERROR, e.getMessage());
        return;
      }
    }
    if (instance.loopCounter() > 0 && !loopOutput.collect(instance, node)) {
      return;
    }
    if (!listeners.run(instance, node, ExecutionListener.EventType.END)) {
      finishCompletion(instance, onlyFlow);
    }
  }

  /** After the end listeners: the instance is COMPLETED and its outgoing flows are taken. */
  void finishCompletion(ElementInstance instance, String onlyFlow) {
    FlowNode node = nodeOf(instance);
    holdings.release(instance);
    ElementInstance completed = move(instance, COMPLETED);
    if (completed.isProcess()) {
      processor(completed).onCompleted(completed, node);
      return;
    }
    ElementInstance scope = state.elementInstances().get(completed.flowScopeKey());
    if (completed.loopCounter() == 0) {
      for (String flow : onlyFlow == null ? node.outgoing() : List.of(onlyFlow)) {
        tokens.take(scope, flow);
      }
    }
    processor(completed).onCompleted(completed, node);
    agenda.run(() -> childCompleted(scope.key(), completed));
  }

  private void childCompleted(long scopeKey, ElementInstance child) {
    ElementInstance scope = state.elementInstances().get(scopeKey);
    if (scope != null && scope.state() == ACTIVATED) {
      processor(scope).onChildCompleted(scope, child, nodeOf(scope));
    }
  }

  /** Whether a flow scope has nothing left to do: no active children, no tokens on the way. */
  public boolean isIdle(ElementInstance scope) {
    ElementInstance current = current(scope);
    return state.elementInstances().activeChildCount(current.key()) == 0
        && !tokens.hasTokens(current);
  }

  /** Terminates an element instance and everything inside it, at once. */
  public void terminate(ElementInstance instance) {
    ElementInstance current = current(instance);
    if (!current.isActive() || current.state() == TERMINATING) {
      return;
    }
    current = move(current, TERMINATING);
    processor(current).onTerminating(current, nodeOf(current));
    holdings.release(current);
    move(current, TERMINATED);
  }

  /** Terminates every active child of a flow scope, except {@code keep}. */
  public void terminateChildren(ElementInstance scope, long keep) {
    for (ElementInstance child : state.elementInstances().activeChildren(scope.key())) {
      if (child.key() != keep) {
        terminate(child);
      }
    }
  }

  /** Continues an element where an incident stopped it. */
  public void retry(ElementInstance instance) {
    ElementInstance current = current(instance);
    agenda.run(
        () -> {
          ElementState at = current.state();
          if (at == ACTIVATING) {
            activation.proceed(current);
          } else if (at == ACTIVATED) {
            processor(current).onActivated(current, nodeOf(current));
          } else if (at == COMPLETING) {
            proceedCompletion(current, null);
          }
        });
  }

  /** Forgets what only a running command holds (tokens in flight), after it was taken back. */
  public void discardTransient() {
    tokens.clear();
    triggers.clear();
  }

  /** Runs a step in agenda order (after the steps already queued by this command). */
  public void later(Runnable step) {
    agenda.run(step);
  }

  ElementInstance move(ElementInstance instance, ElementState to) {
    return ElementTransitions.move(state, instance, to, clock.millis());
  }

  private ElementInstance current(ElementInstance instance) {
    return state.elementInstances().get(instance.key());
  }

  ElementProcessor processor(ElementInstance instance) {
    return processors.apply(instance.kind());
  }

  public ExecutableProcess processOf(DeployedProcess definition) {
    return processes.get(definition);
  }

  public ExecutableProcess processOf(ElementInstance instance) {
    return processes.get(state.definitions().get(instance.processDefinitionKey()));
  }

  public FlowNode nodeOf(ElementInstance instance) {
    return processOf(instance).node(instance.elementId());
  }
}
