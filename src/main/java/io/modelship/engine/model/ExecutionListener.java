package io.modelship.engine.model;

/**
 * One {@code zeebe:executionListener}: a job ({@code job}: its type and retries, with the element's
 * task headers), run before its element's own work ({@link EventType#START}) or after it ({@link
 * EventType#END}).
 */
public record ExecutionListener(EventType eventType, JobDefinition job) {

  /** When the listener runs; the names match Camunda's {@code listenerEventType} values. */
  public enum EventType {
    START,
    END
  }
}
