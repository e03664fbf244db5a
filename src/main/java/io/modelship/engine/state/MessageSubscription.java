package io.modelship.engine.state;

/**
 * An element instance waiting for a message with this name and correlation key, or (when {@code
 * signal}) for a signal with this name.
 *
 * @param elementInstanceKey the waiting instance: the catch event or receive task itself, the
 *     activity a boundary event is attached to, or an event-based gateway
 * @param elementId the event (or receive task) the subscription triggers
 */
public record MessageSubscription(
    long key,
    String messageName,
    String correlationKey,
    long elementInstanceKey,
    long processInstanceKey,
    String bpmnProcessId,
    String elementId,
    boolean signal)
    implements InstanceRecord {

  /** The index key: messages by name and correlation key, signals by name. */
  String correlation() {
    return (signal ? "signal\u0000" : "message\u0000") + messageName + '\u0000' + correlationKey;
  }
}
