package io.modelship.engine.processor.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.feel.Expression;
import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.EventArming;
import io.modelship.engine.message.MessageCorrelation;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.timer.TimerScheduler;
import java.util.Map;

/**
 * Makes an element instance wait for an event: schedules its timer, or evaluates its message name
 * and correlation key (or signal name) and subscribes. The owner is the waiting instance (the catch
 * event or receive task, the activity of a boundary event, the event-based gateway, the scope of an
 * event sub-process); the event is what fires. Firing goes through {@link
 * ElementLifecycle#trigger}.
 */
public final class EventSubscriptions implements EventArming {

  private final TimerScheduler timers;
  private final MessageCorrelation messages;
  private final FeelExpressions feel;

  public EventSubscriptions(
      TimerScheduler timers, MessageCorrelation messages, FeelExpressions feel) {
    this.timers = timers;
    this.messages = messages;
    this.feel = feel;
  }

  /**
   * @throws ExpressionException when the timer, name or correlation key cannot be evaluated
   */
  public void subscribe(ElementInstance owner, FlowNode event, Map<String, JsonNode> context) {
    if (event.event() == EventKind.TIMER) {
      timers.schedule(owner, event, context);
    } else if (event.event() == EventKind.SIGNAL) {
      messages.subscribeSignal(owner, event.id(), text(event.signalName(), context));
    } else if (event.event() == EventKind.MESSAGE) {
      String name = text(event.message().name(), context);
      JsonNode key = feel.evaluate(event.message().correlationKey(), context);
      if (!key.isTextual() && !key.isNumber()) {
        throw new ExpressionException(
            "Failed to extract the correlation key for '%s': The value must be either a string or a number, but was %s"
                .formatted(event.message().correlationKey().text(), key.isNull() ? "NULL" : key));
      }
      messages.subscribe(owner, event.id(), name, key.asText());
    }
  }

  @Override
  public void arm(ElementInstance owner, FlowNode event, Map<String, JsonNode> variables) {
    subscribe(owner, event, variables);
  }

  private String text(Expression expression, Map<String, JsonNode> context) {
    return feel.text(expression, context);
  }
}
