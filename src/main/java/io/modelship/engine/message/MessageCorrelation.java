package io.modelship.engine.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.command.AlreadyExistsException;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
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
  private final StartEvents starts;

  public MessageCorrelation(EngineState state, EngineClock clock, ElementLifecycle lifecycle) {
    this.state = state;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.starts = new StartEvents(state, lifecycle);
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
    for (StartEvents.Start start : starts.byMessage(name)) {
      if (reached.add(start.definition().bpmnProcessId())) {
        lifecycle.startProcess(
            start.definition(), variables(message.variables()), start.eventId(), null);
        message = message.correlatedTo(start.definition().bpmnProcessId());
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

  /**
   * Opens a subscription of {@code owner} for the message event (or receive task) {@code eventId},
   * and takes a buffered message at once if one waits.
   */
  public void subscribe(ElementInstance owner, String eventId, String name, String correlationKey) {
    MessageSubscription subscription =
        new MessageSubscription(
            state.nextKey(),
            name,
            correlationKey,
            owner.key(),
            owner.processInstanceKey(),
            owner.bpmnProcessId(),
            eventId,
            false);
    state.subscriptions().put(subscription);
    long now = clock.millis();
    for (Message message : state.messages().correlating(name, correlationKey)) {
      if (message.expiresMillis() > now
          && !message.correlatedProcesses().contains(owner.bpmnProcessId())) {
        state.messages().put(message.correlatedTo(owner.bpmnProcessId()));
        correlate(subscription, message.variables());
        return;
      }
    }
  }

  /** Opens a subscription of {@code owner} for the signal event {@code eventId}. */
  public void subscribeSignal(ElementInstance owner, String eventId, String name) {
    state
        .subscriptions()
        .put(
            new MessageSubscription(
                state.nextKey(),
                name,
                "",
                owner.key(),
                owner.processInstanceKey(),
                owner.bpmnProcessId(),
                eventId,
                true));
  }

  /**
   * Broadcasts a signal: every open signal subscription with its name is triggered, and every
   * latest process version with a signal start event of that name starts an instance.
   *
   * @return the signal's key
   */
  public long broadcast(String name, Map<String, JsonNode> vars) {
    if (name == null || name.isBlank()) {
      throw new InvalidArgumentException("Expected a signal name, but none was given");
    }
    for (MessageSubscription subscription : state.subscriptions().signalled(name)) {
      correlate(subscription, object(vars));
    }
    for (StartEvents.Start start : starts.bySignal(name)) {
      lifecycle.startProcess(start.definition(), vars, start.eventId(), null);
    }
    return state.nextKey();
  }

  /** Drops buffered messages whose TTL has ended on the engine clock. */
  public void fireDue() {
    long now = clock.millis();
    Due due;
    while ((due = state.messages().nextDue()) != null && due.millis() <= now) {
      state.messages().remove(due.key());
    }
  }

  /**
   * Triggers the subscription's event. A non-interrupting boundary or event sub-process start keeps
   * its subscription (it may fire again while the activity runs); any other subscription is used
   * up.
   */
  private void correlate(MessageSubscription subscription, JsonNode variables) {
    ElementInstance owner = state.elementInstances().get(subscription.elementInstanceKey());
    FlowNode event = lifecycle.processOf(owner).node(subscription.elementId());
    boolean keep = event.firesRepeatedly();
    if (!keep) {
      state.subscriptions().remove(subscription.key());
    }
    lifecycle.trigger(owner, subscription.elementId(), variables(variables));
  }

  private static Map<String, JsonNode> variables(JsonNode object) {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
    return result;
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
