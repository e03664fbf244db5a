package io.modelship.engine.incident;

import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.job.JobLifecycle;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Incident;

/**
 * Resolves incidents. A job's incident makes the job activatable again if it has retries (update
 * them first), else a new incident opens, as in Zeebe. Any other incident retries the step of the
 * element that failed, with the variables as they are now.
 */
public final class IncidentResolution {

  private final EngineState state;
  private final ElementLifecycle lifecycle;
  private final JobLifecycle jobs;
  private final OpenIncidents incidents;

  public IncidentResolution(
      EngineState state, ElementLifecycle lifecycle, JobLifecycle jobs, OpenIncidents incidents) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.jobs = jobs;
    this.incidents = incidents;
  }

  public void resolve(long key) {
    Incident incident = state.incidents().get(key);
    if (incident == null || incident.resolved()) {
      throw new NotFoundException(
          "Expected to resolve incident with key '%d', but no such incident was found"
              .formatted(key));
    }
    state.incidents().put(incident.resolve());
    ElementInstance instance = state.elementInstances().get(incident.elementInstanceKey());
    if (incident.jobKey() >= 0) {
      if (!jobs.retry(incident.jobKey())) {
        incidents.raise(instance, incident.type(), incident.message(), incident.jobKey());
      }
      return;
    }
    lifecycle.retry(instance);
  }
}
