package io.modelship.pipeline;

import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.annotation.value.SourceAware;
import org.springframework.stereotype.Component;

/**
 * Names every {@code @JobWorker} after this process ({@link StepOwner#workerName()}), so the engine
 * records who activated each job; {@link HeldJobs} finds the jobs the dead process had activated by
 * that name. The name replaces the starter's default ({@code bean#method}) and {@code
 * camunda.client.worker.defaults.name}, whichever customizer runs first.
 */
@Component
class WorkerNames implements JobWorkerValueCustomizer {

  private final StepOwner owner;

  WorkerNames(StepOwner owner) {
    this.owner = owner;
  }

  @Override
  public void customize(JobWorkerValue worker) {
    worker.setName(new SourceAware.FromRuntimeOverride<>(owner.workerName(), worker.getName()));
  }
}
