package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepRunner;
import io.modelship.trigger.ProcessLiveness;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code claim-release-lock}: claims the app's release lock for this run, taking over a lock whose
 * owner's instance no longer runs. When another live run holds it, this app's release ends as "app
 * busy".
 */
@Component
public class ClaimReleaseLockWorker {

  static final String BUSY = "app-busy";

  private final StepRunner steps;
  private final ReleaseLocks locks;
  private final ProcessLiveness liveness;

  ClaimReleaseLockWorker(StepRunner steps, ReleaseLocks locks, ProcessLiveness liveness) {
    this.steps = steps;
    this.locks = locks;
    this.liveness = liveness;
  }

  @JobWorker(type = JobTypes.CLAIM_RELEASE_LOCK, autoComplete = false)
  public void claimReleaseLock(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String app = step.string("app");
          ReleaseLocks.Claim claim =
              locks.claim(app, step.runId(), job.getProcessInstanceKey(), liveness::isStale);
          Map<String, Object> out = new HashMap<>();
          out.put("lockClaimed", claim.claimed());
          if (!claim.claimed()) {
            step.log().append("run " + claim.holder().ownerRunId() + " is releasing " + app);
            out.put("releaseOutcome", BUSY);
          }
          return out;
        });
  }
}
