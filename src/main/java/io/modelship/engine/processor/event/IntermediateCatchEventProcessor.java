package io.modelship.engine.processor.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Intermediate catch events (timer, message, signal) and receive tasks. Activated: waits for the
 * event (see {@link EventSubscriptions}), unless an event-based gateway was already triggered by
 * it, when it completes at once with the event's variables. The fired event completes it; the
 * lifecycle removes the timer or subscription when it ends. A failing expression opens an
 * EXTRACT_VALUE_ERROR incident.
 */
public final class IntermediateCatchEventProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final EventSubscriptions events;
  private final VariableScopes variables;
  private final OpenIncidents incidents;

  public IntermediateCatchEventProcessor(
      ElementLifecycle lifecycle,
      EventSubscriptions events,
      VariableScopes variables,
      OpenIncidents incidents) {
    this.lifecycle = lifecycle;
    this.events = events;
    this.variables = variables;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    Map<String, JsonNode> triggered = lifecycle.takeTrigger(instance);
    if (triggered != null) {
      lifecycle.completeWith(instance, triggered);
      return;
    }
    try {
      events.subscribe(instance, node, variables.visible(instance.key()));
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }
}
