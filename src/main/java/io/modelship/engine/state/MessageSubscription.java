package io.modelship.engine.state;

/** An element instance waiting for a message with this name and correlation key. */
public record MessageSubscription(
    long key,
    String messageName,
    String correlationKey,
    long elementInstanceKey,
    long processInstanceKey,
    String bpmnProcessId,
    String elementId)
    implements InstanceRecord {}
