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
public class ReleaseLockWorker {

  private final StepRunner steps;
  private final ReleaseLocks locks;

  ReleaseLockWorker(StepRunner steps, ReleaseLocks locks) {
    this.steps = steps;
    this.locks = locks;
  }

  @JobWorker(type = JobTypes.RELEASE_LOCK, autoComplete = false)
  public void releaseLock(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String app = step.string("app");
          String outcome = step.optionalString("releaseOutcome");
          boolean released = locks.release(app, step.runId());
          step.log()
              .append(
                  app
                      + " ended as "
                      + outcome
                      + (released ? "; lock released" : "; the lock was not this run's"));
          // Kept with the step record, so the ledger tells how each app's release ended.
          return outcome == null ? Map.of() : Map.of("releaseOutcome", outcome);
        });
  }
}
