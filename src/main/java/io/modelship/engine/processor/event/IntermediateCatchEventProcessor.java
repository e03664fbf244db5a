package io.modelship.engine.processor.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.message.MessageCorrelation;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.timer.TimerScheduler;
import java.util.Map;

/**
 * Intermediate catch events. Activated: a timer event schedules its timer; a message event
 * evaluates its name and correlation key and subscribes (taking a buffered message at once if one
 * waits). The due timer or the correlated message completes the event; the lifecycle removes the
 * timer or subscription when it ends. A failing expression opens an EXTRACT_VALUE_ERROR incident.
 */
public final class IntermediateCatchEventProcessor implements ElementProcessor {

  private final TimerScheduler timers;
  private final MessageCorrelation messages;
  private final VariableScopes variables;
  private final FeelExpressions feel;
  private final OpenIncidents incidents;

  public IntermediateCatchEventProcessor(
      TimerScheduler timers,
      MessageCorrelation messages,
      VariableScopes variables,
      FeelExpressions feel,
      OpenIncidents incidents) {
    this.timers = timers;
    this.messages = messages;
    this.variables = variables;
    this.feel = feel;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    Map<String, JsonNode> context = variables.visible(instance.key());
    try {
      if (node.event() == EventKind.TIMER) {
        timers.schedule(instance, node, context);
        return;
      }
      JsonNode name = feel.evaluate(node.message().name(), context);
      JsonNode key = feel.evaluate(node.message().correlationKey(), context);
      if (!name.isTextual()) {
        throw new ExpressionException(
            "Expected result of the expression '%s' to be 'STRING', but was %s"
                .formatted(node.message().name().text(), name));
      }
      if (!key.isTextual() && !key.isNumber()) {
        throw new ExpressionException(
            "Failed to extract the correlation key for '%s': The value must be either a string or a number, but was %s"
                .formatted(node.message().correlationKey().text(), key.isNull() ? "NULL" : key));
      }
      messages.subscribe(instance, name.asText(), key.asText());
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }
}
