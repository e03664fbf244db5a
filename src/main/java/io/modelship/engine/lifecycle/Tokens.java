package io.modelship.engine.lifecycle;

import io.modelship.engine.model.ElementKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.model.SequenceFlow;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.TakenFlow;
import java.util.HashMap;
import java.util.Map;

/**
 * Tokens on sequence flows. A token is in flight from the moment a flow is taken until its target
 * is activated, and counts as work left in its flow scope. At a parallel join, tokens wait in the
 * flow scope (durably) until every incoming flow has one.
 */
final class Tokens {

  private final EngineState state;
  private final Agenda agenda;
  private final ElementLifecycle lifecycle;
  private final Map<Long, Integer> inFlight = new HashMap<>();

  Tokens(EngineState state, Agenda agenda, ElementLifecycle lifecycle) {
    this.state = state;
    this.agenda = agenda;
    this.lifecycle = lifecycle;
  }

  void take(ElementInstance scope, String flowId) {
    if (!state.takenFlows().taken(scope.processInstanceKey(), flowId)) {
      state
          .takenFlows()
          .put(
              new TakenFlow(
                  state.nextKey(),
                  scope.processInstanceKey(),
                  scope.processDefinitionKey(),
                  scope.bpmnProcessId(),
                  flowId));
    }
    inFlight.merge(scope.key(), 1, Integer::sum);
    agenda.run(() -> arrive(scope.key(), flowId));
  }

  /** Forgets tokens in flight; after a command was taken back, none of them exists. */
  void clear() {
    inFlight.clear();
  }

  boolean hasTokens(ElementInstance scope) {
    return inFlight.getOrDefault(scope.key(), 0) > 0 || !scope.joinTokens().isEmpty();
  }

  private void arrive(long scopeKey, String flowId) {
    if (inFlight.merge(scopeKey, -1, Integer::sum) <= 0) {
      inFlight.remove(scopeKey);
    }
    ElementInstance scope = state.elementInstances().get(scopeKey);
    if (scope == null || !scope.isActive()) {
      return;
    }
    SequenceFlow flow = lifecycle.processOf(scope).flow(flowId);
    FlowNode target = lifecycle.processOf(scope).node(flow.targetId());
    if (target.kind() == ElementKind.PARALLEL_GATEWAY && target.incoming().size() > 1) {
      join(scope, target, flowId);
    } else {
      lifecycle.activate(scope, target);
    }
  }

  private void join(ElementInstance scope, FlowNode gateway, String flowId) {
    Map<String, Integer> waiting = new HashMap<>(scope.joinTokens());
    waiting.merge(flowId, 1, Integer::sum);
    boolean complete = gateway.incoming().stream().allMatch(f -> waiting.getOrDefault(f, 0) > 0);
    if (complete) {
      for (String incoming : gateway.incoming()) {
        if (waiting.merge(incoming, -1, Integer::sum) <= 0) {
          waiting.remove(incoming);
        }
      }
    }
    state.elementInstances().put(scope.withJoinTokens(waiting));
    if (complete) {
      lifecycle.activate(scope, gateway);
    }
  }
}
