package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepContext;
import io.modelship.pipeline.StepRunner;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code record-build}: the published build goes into the ledger as a release candidate. */
@Component
public class RecordBuildWorker {

  static final String PUBLISHED = "image-published";

  private final StepRunner steps;
  private final ReleaseLedger ledger;

  RecordBuildWorker(StepRunner steps, ReleaseLedger ledger) {
    this.steps = steps;
    this.ledger = ledger;
  }

  @JobWorker(type = JobTypes.RECORD_BUILD, autoComplete = false)
  public void recordBuild(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          // Without a registry, "image" names the OCI tarball (oci-archive:PATH@digest).
          String image = step.string("image");
          ledger.buildSucceeded(
              started(step),
              image,
              step.string("imageDigest"),
              step.string("modelUri"),
              step.string("modelSha256"),
              step.optionalString("testSummary"));
          return Map.of("buildOutcome", PUBLISHED);
        });
  }

  /** The build as its start variables name it. */
  static Build started(StepContext step) {
    return Build.started(
        step.runId(),
        step.string("app"),
        step.string("repositoryUrl"),
        step.string("branch"),
        step.string("commitSha"));
  }
}
