package io.modelship.engine.model;

import io.modelship.engine.feel.Expression;

/** A timer event definition: exactly one of date, duration or cycle. */
public record TimerDefinition(Type type, Expression value) {

  /** Which of the three BPMN timer attributes is set. */
  public enum Type {
    DATE,
    DURATION,
    CYCLE
  }
}
