package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepRunner;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code record-release}: production passed its smoke tests; the ledger marks it released. */
@Component
public class RecordReleaseWorker {

  static final String RELEASED = "released";

  private final StepRunner steps;
  private final ReleaseLedger ledger;

  RecordReleaseWorker(StepRunner steps, ReleaseLedger ledger) {
    this.steps = steps;
    this.ledger = ledger;
  }

  @JobWorker(type = JobTypes.RECORD_RELEASE, autoComplete = false)
  public void recordRelease(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String app = step.string("app");
          Release release =
              ledger
                  .latestOfRun(step.runId(), app, "production")
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "Expected run "
                                  + step.runId()
                                  + " to have deployed "
                                  + app
                                  + " to production, but the ledger has no such deployment"));
          ledger.released(release.id());
          return Map.of("releaseOutcome", RELEASED);
        });
  }
}
