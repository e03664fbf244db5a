package io.modelship.engine.model;

/** The event definition of an event element; {@code NONE} for plain events and non-events. */
public enum EventKind {
  NONE,
  TIMER,
  MESSAGE,
  ERROR,
  SIGNAL,
  TERMINATE
}
