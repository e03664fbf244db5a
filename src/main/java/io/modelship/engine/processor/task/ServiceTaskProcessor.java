package io.modelship.engine.processor.task;

import io.modelship.engine.feel.ExpressionException;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.job.JobLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.IncidentType;

/**
 * Job-worker tasks (service, send, script and business-rule tasks with a task definition).
 *
 * <p>Activated: evaluates the job type and retries and creates the job; a failing expression opens
 * an EXTRACT_VALUE_ERROR incident. Completed by the job's completion. Terminating: cancels the job.
 */
public final class ServiceTaskProcessor implements ElementProcessor {

  private final JobLifecycle jobs;
  private final OpenIncidents incidents;

  public ServiceTaskProcessor(JobLifecycle jobs, OpenIncidents incidents) {
    this.jobs = jobs;
    this.incidents = incidents;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    try {
      jobs.create(instance, node.job(), null, 0);
    } catch (ExpressionException e) {
      incidents.raise(instance, IncidentType.EXTRACT_VALUE_ERROR, e.getMessage());
    }
  }

  @Override
  public void onTerminating(ElementInstance instance, FlowNode node) {
    jobs.cancel(instance);
  }
}
