package io.modelship.engine.incident;

import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Incident;
import io.modelship.engine.state.IncidentType;
import io.modelship.engine.timer.EngineClock;

/** Opens incidents: the element instance (or its job) stays where it is until resolved. */
public final class OpenIncidents {

  private final EngineState state;
  private final EngineClock clock;

  public OpenIncidents(EngineState state, EngineClock clock) {
    this.state = state;
    this.clock = clock;
  }

  public Incident raise(ElementInstance instance, IncidentType type, String message) {
    return raise(instance, type, message, -1);
  }

  public Incident raise(ElementInstance instance, IncidentType type, String message, long jobKey) {
    Incident incident =
        new Incident(
            state.nextKey(),
            type,
            message,
            instance.processInstanceKey(),
            instance.processDefinitionKey(),
            instance.bpmnProcessId(),
            instance.elementId(),
            instance.key(),
            jobKey,
            clock.millis(),
            false);
    state.incidents().put(incident);
    return incident;
  }

  /** Marks the open incident of an element instance resolved, if it has one. */
  public void resolveOf(long elementInstanceKey) {
    Incident open = state.incidents().openOf(elementInstanceKey);
    if (open != null) {
      state.incidents().put(open.resolve());
    }
  }
}
