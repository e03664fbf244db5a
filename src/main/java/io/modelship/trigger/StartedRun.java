package io.modelship.trigger;

/**
 * A run a trigger started, or found already running for the same request.
 *
 * @param created false when the request was a duplicate and {@code runId} names the existing run
 */
public record StartedRun(String runId, boolean created) {}
