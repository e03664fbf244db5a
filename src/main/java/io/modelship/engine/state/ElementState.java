package io.modelship.engine.state;

/** Lifecycle states of an element instance; the legal moves are in {@code ElementTransitions}. */
public enum ElementState {
  ACTIVATING,
  ACTIVATED,
  COMPLETING,
  COMPLETED,
  TERMINATING,
  TERMINATED;

  public boolean isFinal() {
    return this == COMPLETED || this == TERMINATED;
  }
}
