package io.modelship.engine.state;

/**
 * A timer waiting for its due date on the engine clock.
 *
 * @param elementInstanceKey the catch or boundary event's owner, or -1 for a timer start event
 * @param repetitions cycles still to run after this one; -1 for unbounded
 * @param cycle the cycle's interval or cron expression, to compute the next due date; null for
 *     dates and durations
 */
public record Timer(
    long key,
    long dueMillis,
    long processDefinitionKey,
    String elementId,
    long elementInstanceKey,
    long processInstanceKey,
    int repetitions,
    String cycle)
    implements InstanceRecord {}
