package io.modelship.engine.processor.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.processor.event.EventSubscriptions;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import java.util.Map;

/**
 * Event-based gateways. Activated: waits for every event after it at once (timers, messages,
 * signals), held by the gateway. The first that fires wins: the gateway completes towards it (the
 * lifecycle then removes the other timers and subscriptions), and that event completes at once with
 * the event's variables. A failing expression opens an EXTRACT_VALUE_ERROR incident.
 */
public final class EventBasedGatewayProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final EventSubscriptions events;
  private final VariableScopes variables;
  private final OpenIncidents incidents;

  public EventBasedGatewayProcessor(
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
    Map<String, JsonNode> context = variables.visible(instance.key());
    var process = lifecycle.processOf(instance);
    try {
      for (String flowId : node.outgoing()) {
        events.subscribe(instance, process.node(process.flow(flowId).targetId()), context);
      }
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }
}
