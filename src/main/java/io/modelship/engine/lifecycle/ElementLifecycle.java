package io.modelship.engine.lifecycle;

import static io.modelship.engine.state.ElementState.ACTIVATED;
import static io.modelship.engine.state.ElementState.ACTIVATING;
import static io.modelship.engine.state.ElementState.COMPLETED;
import static io.modelship.engine.state.ElementState.COMPLETING;
import static io.modelship.engine.state.ElementState.TERMINATED;
import static io.modelship.engine.state.ElementState.TERMINATING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.modelship.engine.deployment.ProcessCache;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.ExecutableProcess;
import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.JobDefinition;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.ElementState;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.state.Job;
import io.modelship.engine.state.MessageSubscription;
import io.modelship.engine.state.Timer;
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
  private EventArming arming;
  private final EventTriggers triggers;
  private final ExecutionListenerRuns listeners;

  /**
   * Arms the events an instance waits for as it activates (timers, subscriptions): the boundary
   * events of an activity, the start events of the event sub-processes of a scope.
   */
  public interface EventArming {
    /**
     * @throws ExpressionException when the event's timer, message name or correlation key cannot be
     *     evaluated
     */
    void arm(ElementInstance owner, FlowNode event, Map<String, JsonNode> variables);
  }

  /** Creates the jobs of execution listeners. */
  public interface Jobs {
    /**
     * Creates the job of the {@code index}th {@code listener} of {@code instance}'s element.
     *
     * @throws ExpressionException when its type or retries cannot be evaluated
     */
    void create(
        ElementInstance instance,
        JobDefinition definition,
        ExecutionListener.EventType listener,
        int index);
  }

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
  }

  /** Connects the processors; called once while the engine is assembled. */
  public void use(
      Function<ElementKind, ElementProcessor> processorsByKind, EventArming arming, Jobs jobs) {
    this.processors = processorsByKind;
    this.arming = arming;
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
    ElementInstance process =
        ElementInstance.process(
            state.nextKey(), definition, callingElement, startEventId, clock.millis());
    state.elementInstances().put(process);
    variables.setLocal(process, initialVariables);
    agenda.run(() -> proceedActivation(process));
    return current(process);
  }

  /** Activates an element of the process inside the flow scope {@code scope}. */
  public void activate(ElementInstance scope, String elementId) {
    activate(scope, processOf(scope).node(elementId));
  }

  /** Activates the inner instance {@code loopCounter} (1-based) of a multi-instance body. */
  public void activateInner(
      ElementInstance body, int loopCounter, String inputElement, JsonNode item) {
    ElementInstance inner = create(body, processOf(body).node(body.elementId()), loopCounter);
    if (inputElement != null) {
      variables.setLocal(inner, inputElement, item);
    }
    variables.setLocal(inner, "loopCounter", IntNode.valueOf(loopCounter));
    agenda.run(() -> proceedActivation(inner));
  }

  /**
   * Creates the instance at once, so it counts as active in its flow scope from now on, and queues
   * the rest of its activation.
   */
  ElementInstance activate(ElementInstance scope, FlowNode node) {
    ElementInstance created = create(scope, node, 0);
    agenda.run(() -> proceedActivation(created));
    return created;
  }

  private ElementInstance create(ElementInstance scope, FlowNode node, int loopCounter) {
    ElementKind kind =
        node.isMultiInstance() && loopCounter == 0 ? ElementKind.MULTI_INSTANCE_BODY : node.kind();
    ElementInstance instance =
        ElementInstance.child(state.nextKey(), scope, node.id(), kind, loopCounter, clock.millis());
    state.elementInstances().put(instance);
    return instance;
  }

  /** Input mappings, then the start listeners; the rest waits until they have completed. */
  private void proceedActivation(ElementInstance instance) {
    FlowNode node = nodeOf(instance);
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
      finishActivation(instance);
    }
  }

  /** Arms the instance's events, then it is ACTIVATED and its processor does its work. */
  void finishActivation(ElementInstance instance) {
    FlowNode node = nodeOf(instance);
    try {
      armEvents(instance, node);
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.IO_MAPPING_ERROR, e.getMessage());
      return;
    }
    ElementInstance active = move(instance, ACTIVATED);
    processor(active).onActivated(active, node);
  }

  /** See {@link ExecutionListenerRuns#completed}. */
  public void listenerCompleted(
      ElementInstance instance,
      ExecutionListener.EventType type,
      int index,
      Map<String, JsonNode> result) {
    agenda.run(() -> listeners.completed(current(instance), type, index, result));
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
    release(instance);
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
    release(current);
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
            proceedActivation(current);
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

  /** Removes what an element holds: timers, subscriptions, open incident, a (listener's) job. */
  private void release(ElementInstance instance) {
    for (Timer timer : state.timers().ofOwner(instance.key())) {
      state.timers().remove(timer.key());
    }
    for (MessageSubscription subscription :
        state.subscriptions().ofElementInstance(instance.key())) {
      state.subscriptions().remove(subscription.key());
    }
    incidents.resolveOf(instance.key());
    Job job = state.jobs().ofElementInstance(instance.key());
    if (job != null) {
      state.jobs().remove(job.key());
    }
  }

  /**
   * Arms what an activating instance waits for besides its own work: its boundary events, and the
   * start events of the event sub-processes inside it (errors are caught by search instead).
   */
  private void armEvents(ElementInstance instance, FlowNode node) {
    List<FlowNode> events = new java.util.ArrayList<>();
    if (ownsBoundaryEvents(instance, node)) {
      node.boundaryEventIds().forEach(id -> events.add(processOf(instance).node(id)));
    }
    if (hasEventSubProcesses(instance)) {
      events.addAll(processOf(instance).eventSubProcessStarts(node.id()));
    }
    for (FlowNode event : events) {
      if (event.event() != EventKind.ERROR) {
        arming.arm(instance, event, variables.visible(instance.key()));
      }
    }
  }

  /** Processes and (event) sub-processes hold event sub-processes; multi-instance bodies do not. */
  static boolean hasEventSubProcesses(ElementInstance instance) {
    return instance.kind() == ElementKind.PROCESS
        || instance.kind() == ElementKind.SUB_PROCESS
        || instance.kind() == ElementKind.EVENT_SUB_PROCESS;
  }

  /** Boundary events belong to the multi-instance body, not to its inner instances. */
  private static boolean ownsBoundaryEvents(ElementInstance instance, FlowNode node) {
    return !node.boundaryEventIds().isEmpty() && instance.loopCounter() == 0;
  }

  private ElementInstance move(ElementInstance instance, ElementState to) {
    return ElementTransitions.move(state, instance, to, clock.millis());
  }

  private ElementInstance current(ElementInstance instance) {
    return state.elementInstances().get(instance.key());
  }

  private ElementProcessor processor(ElementInstance instance) {
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
