package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepRunner;
import java.util.Comparator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code record-build-failure}: the build ends as failed, with the business error that ended it
 * ({@code failureCode} and {@code failureReason}, set by the worker that threw it; the step records
 * name it too, should the variables be missing).
 */
@Component
public class RecordBuildFailureWorker {

  static final String FAILED = "build-failed";

  private final StepRunner steps;
  private final ReleaseLedger ledger;
  private final StepRecords records;

  RecordBuildFailureWorker(StepRunner steps, ReleaseLedger ledger, StepRecords records) {
    this.steps = steps;
    this.ledger = ledger;
    this.records = records;
  }

  @JobWorker(type = JobTypes.RECORD_BUILD_FAILURE, autoComplete = false)
  public void recordBuildFailure(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String code = step.optionalString("failureCode");
          String reason = step.optionalString("failureReason");
          if (code == null) {
            StepRecord failed =
                records.ofRun(step.runId()).stream()
                    .filter(StepRecord::failedWithBusinessOutcome)
                    .max(Comparator.comparing(StepRecord::finishedAt))
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "Expected a failureCode variable or a step that failed with one,"
                                    + " but run "
                                    + step.runId()
                                    + " has neither"));
            code = failed.errorCode();
            reason = failed.errorMessage();
          }
          ledger.buildFailed(RecordBuildWorker.started(step), code, reason);
          return Map.of("buildOutcome", FAILED, "failureCode", code);
        });
  }
}
