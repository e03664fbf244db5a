package io.modelship.engine.processor.event;

import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.message.MessageCorrelation;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Intermediate throw events: none (passes through) and signal (broadcasts the signal, without
 * variables, as Zeebe does, then completes). A signal name that fails to evaluate opens an
 * EXTRACT_VALUE_ERROR incident.
 */
public final class ThrowEventProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final MessageCorrelation signals;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public ThrowEventProcessor(
      ElementLifecycle lifecycle,
      MessageCorrelation signals,
      VariableScopes variables,
      FeelExpressions feel,
      OpenIncidents incidents) {
    this.lifecycle = lifecycle;
    this.signals = signals;
    this.variables = variables;
    this.feel = feel;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    if (node.event() == EventKind.SIGNAL && !broadcast(instance, node)) {
      return;
    }
    lifecycle.complete(instance);
  }

  /** Broadcasts the node's signal; false (with an incident open) when its name fails. */
  boolean broadcast(ElementInstance instance, FlowNode node) {
    try {
      String name = feel.text(node.signalName(), variables.visible(instance.key()));
      signals.broadcast(name, Map.of());
      return true;
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
      return false;
    }
  }
}
