package io.modelship.engine.state;

/** Lifecycle of a user task; the names match Camunda's user-task {@code state} values. */
public enum UserTaskState {
  CREATED,
  COMPLETED,
  CANCELED
}
