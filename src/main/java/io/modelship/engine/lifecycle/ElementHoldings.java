package io.modelship.engine.lifecycle;

import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Job;
import io.modelship.engine.state.MessageSubscription;
import io.modelship.engine.state.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * What an element instance holds while it is active, besides its children: the timers and
 * subscriptions of the events it waits for, an open incident, a job (its own or a listener's). They
 * are armed as it activates and released when it ends.
 */
final class ElementHoldings {

  private final EngineState state;
  private final VariableScopes variables;
  private final OpenIncidents incidents;
  private final ElementLifecycle lifecycle;
  private EventArming arming;

  ElementHoldings(
      EngineState state,
      VariableScopes variables,
      OpenIncidents incidents,
      ElementLifecycle lifecycle) {
    this.state = state;
    this.variables = variables;
    this.incidents = incidents;
    this.lifecycle = lifecycle;
  }

  void use(EventArming arming) {
    this.arming = arming;
  }

  /**
   * Arms what an activating instance waits for besides its own work: its boundary events, and the
   * start events of the event sub-processes inside it (errors are caught by search instead).
   *
   * @throws ExpressionException when an event's timer, name or correlation key cannot be evaluated
   */
  void arm(ElementInstance instance, FlowNode node) {
    var process = lifecycle.processOf(instance);
    List<FlowNode> events = new ArrayList<>();
    // Boundary events belong to the multi-instance body, not to its inner instances.
    if (instance.loopCounter() == 0) {
      node.boundaryEventIds().forEach(id -> events.add(process.node(id)));
    }
    if (hasEventSubProcesses(instance)) {
      events.addAll(process.eventSubProcessStarts(node.id()));
    }
    for (FlowNode event : events) {
      if (event.event() != EventKind.ERROR) {
        arming.arm(instance, event, variables.visible(instance.key()));
      }
    }
  }

  /** Removes what an element holds: timers, subscriptions, open incident, a (listener's) job. */
  void release(ElementInstance instance) {
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

  /** Processes and (event) sub-processes hold event sub-processes; multi-instance bodies do not. */
  static boolean hasEventSubProcesses(ElementInstance instance) {
    return instance.kind() == ElementKind.PROCESS
        || instance.kind() == ElementKind.SUB_PROCESS
        || instance.kind() == ElementKind.EVENT_SUB_PROCESS;
  }
}
