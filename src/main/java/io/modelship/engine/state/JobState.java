package io.modelship.engine.state;

/** Where a job is in Zeebe's job lifecycle. Completed and cancelled jobs are removed. */
public enum JobState {
  /** Waiting for a worker. */
  ACTIVATABLE,
  /** Held by a worker until its deadline. */
  ACTIVATED,
  /** Failed: waiting for its retry back-off, or for an incident to be resolved. */
  FAILED
}
