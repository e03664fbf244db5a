package io.modelship.engine.model;

/**
 * The element kinds the engine executes. The names match the {@code type} values of Camunda's
 * element-instance API.
 */
public enum ElementKind {
  PROCESS,
  START_EVENT,
  END_EVENT,
  INTERMEDIATE_CATCH_EVENT,
  BOUNDARY_EVENT,
  INTERMEDIATE_THROW_EVENT,
  SERVICE_TASK,
  USER_TASK,
  SCRIPT_TASK,
  RECEIVE_TASK,
  TASK,
  EXCLUSIVE_GATEWAY,
  PARALLEL_GATEWAY,
  EVENT_BASED_GATEWAY,
  SUB_PROCESS,
  EVENT_SUB_PROCESS,
  CALL_ACTIVITY,
  MULTI_INSTANCE_BODY;

  /** Whether instances of this kind hold child element instances. */
  public boolean isContainer() {
    return this == PROCESS
        || this == SUB_PROCESS
        || this == EVENT_SUB_PROCESS
        || this == MULTI_INSTANCE_BODY;
  }
}
