package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepRunner;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code release-lock}: every way out of an app's release passes here; the lock is released if this
 * run holds it (an app found busy was never this run's).
 */
@Component
class ReleaseLockWorker {

  private final StepRunner steps;
  private final ReleaseLocks locks;

  ReleaseLockWorker(StepRunner steps, ReleaseLocks locks) {
    this.steps = steps;
    this.locks = locks;
  }

  @JobWorker(type = JobTypes.RELEASE_LOCK, autoComplete = false)
  void releaseLock(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String app = step.string("app");
          boolean released = locks.release(app, step.runId());
          step.log()
              .append(
                  app
                      + " ended as "
                      + step.optionalString("releaseOutcome")
                      + (released ? "; lock released" : "; the lock was not this run's"));
          return Map.of();
        });
  }
}
