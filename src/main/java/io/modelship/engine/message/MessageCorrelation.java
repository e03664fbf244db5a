package io.modelship.engine.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.command.AlreadyExistsException;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.state.Due;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Message;
import io.modelship.engine.state.MessageSubscription;
import io.modelship.engine.timer.EngineClock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Message correlation as Zeebe documents it: a message goes to the open subscriptions with its name
 * and correlation key, at most once per process; then it stays buffered until its TTL ends, for
 * subscriptions opened later. While one is buffered, a second with the same id is rejected.
 */
public final class MessageCorrelation {

  /** The outcome of a correlation: the message, and the process instance it reached (or -1). */
  public record Correlated(long messageKey, long processInstanceKey) {}

  private final EngineState state;
  private final EngineClock clock;
  private final ElementLifecycle lifecycle;

  public MessageCorrelation(EngineState state, EngineClock clock, ElementLifecycle lifecycle) {
    this.state = state;
    this.clock = clock;
    this.lifecycle = lifecycle;
  }

  public long publish(
      String name,
      String correlationKey,
      long ttlMillis,
      String messageId,
      Map<String, JsonNode> vars) {
    validate(name, ttlMillis);
    String key = correlationKey == null ? "" : correlationKey;
    if (messageId != null
        && !messageId.isEmpty()
        && state.messages().withId(name, messageId) != null) {
      throw new AlreadyExistsException(
          "Expected to publish a new message with id '%s', but a message with that id was already published"
              .formatted(messageId));
    }
    Message message =
        new Message(
            state.nextKey(),
            name,
            key,
            messageId,
            clock.millis() + ttlMillis,
            object(vars),
            List.of());
    Set<String> reached = new HashSet<>();
    for (MessageSubscription subscription : state.subscriptions().correlating(name, key)) {
      if (reached.add(subscription.bpmnProcessId())) {
        correlate(subscription, message.variables());
        message = message.correlatedTo(subscription.bpmnProcessId());
      }
    }
    if (ttlMillis > 0) {
      state.messages().put(message);
    }
    return message.key();
  }

  /** Correlates to one open subscription now, without buffering. */
  public Correlated correlate(String name, String correlationKey, Map<String, JsonNode> vars) {
    validate(name, 0);
    String key = correlationKey == null ? "" : correlationKey;
    List<MessageSubscription> subscriptions = state.subscriptions().correlating(name, key);
    if (subscriptions.isEmpty()) {
      throw new NotFoundException(
          "Expected to find an open subscription for message '%s' with correlation key '%s', but none was found"
              .formatted(name, key));
    }
    MessageSubscription subscription = subscriptions.get(0);
    correlate(subscription, object(vars));
    return new Correlated(state.nextKey(), subscription.processInstanceKey());
  }

  /** Opens a subscription for a catch event, and takes a buffered message at once if one waits. */
  public void subscribe(ElementInstance instance, String name, String correlationKey) {
    MessageSubscription subscription =
        new MessageSubscription(
            state.nextKey(),
            name,
            correlationKey,
            instance.key(),
            instance.processInstanceKey(),
            instance.bpmnProcessId(),
            instance.elementId());
    state.subscriptions().put(subscription);
    long now = clock.millis();
    for (Message message : state.messages().correlating(name, correlationKey)) {
      if (message.expiresMillis() > now
          && !message.correlatedProcesses().contains(instance.bpmnProcessId())) {
        state.messages().put(message.correlatedTo(instance.bpmnProcessId()));
        correlate(subscription, message.variables());
        return;
      }
    }
  }

  /** Drops buffered messages whose TTL has ended on the engine clock. */
  public void fireDue() {
    long now = clock.millis();
    Due due;
    while ((due = state.messages().nextDue()) != null && due.millis() <= now) {
      state.messages().remove(due.key());
    }
  }

  private void correlate(MessageSubscription subscription, JsonNode variables) {
    state.subscriptions().remove(subscription.key());
    ElementInstance instance = state.elementInstances().get(subscription.elementInstanceKey());
    Map<String, JsonNode> result = new LinkedHashMap<>();
    variables.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
    lifecycle.completeWith(instance, result);
  }

  private static void validate(String name, long ttlMillis) {
    if (name == null || name.isBlank()) {
      throw new InvalidArgumentException("Expected a message name, but none was given");
    }
    if (ttlMillis < 0) {
      throw new InvalidArgumentException(
          "Expected a time to live of 0 or more, but was %d".formatted(ttlMillis));
    }
  }

  private static ObjectNode object(Map<String, JsonNode> vars) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (vars != null) {
      vars.forEach(node::set);
    }
    return node;
  }
}
