package io.modelship.engine.state;

/**
 * A record that belongs to one process instance; {@code processInstanceKey} is -1 for records that
 * belong to none (a timer start event's timer). Such records are indexed by instance, so a finished
 * instance can be removed whole.
 */
public interface InstanceRecord extends Entity {
  long processInstanceKey();
}
