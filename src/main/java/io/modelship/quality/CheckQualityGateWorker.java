package io.modelship.quality;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepContext;
import io.modelship.pipeline.StepRunner;
import io.modelship.release.Build;
import io.modelship.release.ModelMetrics;
import io.modelship.release.ReleaseLedger;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code check-quality-gate}: before staging, checks the candidate's model metrics (as run-tests
 * recorded them in the ledger) against {@code quality.gate} in the candidate commit's {@code
 * .modelship.yaml}, compared with the metrics of the build that runs in production. A failed gate
 * is a business outcome: the build is marked rejected (no later release takes it) and the app's
 * release ends as {@value #REJECTED}. Checking twice gives the same verdict, so a re-delivered job
 * changes nothing.
 */
@Component
public class CheckQualityGateWorker {

  static final String REJECTED = "rejected-by-quality-gate";

  private final StepRunner steps;
  private final ReleaseLedger ledger;
  private final RunSources sources;

  CheckQualityGateWorker(StepRunner steps, ReleaseLedger ledger, RunSources sources) {
    this.steps = steps;
    this.ledger = ledger;
    this.sources = sources;
  }

  @JobWorker(type = JobTypes.CHECK_QUALITY_GATE, autoComplete = false)
  public void checkQualityGate(JobClient client, ActivatedJob job) {
    steps.run(client, job, this::check);
  }

  private Map<String, Object> check(StepContext step) {
    String buildRunId = step.field("candidate", "buildRunId");
    Build build =
        ledger
            .findBuild(buildRunId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected build " + buildRunId + " in the ledger, but it is not there"));
    // The same workspace as deploy's, so staging reuses this checkout.
    CheckedOutSource source =
        sources.checkout(
            build.repositoryUrl(), build.commitSha(), step.runId() + "-" + build.app(), step.log());
    QualityGate gate = QualityGate.parse(source.config().quality().gate());
    ModelMetrics production =
        ledger
            .buildRunningIn(build.app(), "production")
            .map(Build::metrics)
            .orElse(ModelMetrics.none());
    GateVerdict verdict = gate.check(build.metrics(), production);
    step.log()
        .append(
            "quality gate "
                + (verdict.passed() ? "passed" : "failed")
                + " for build "
                + buildRunId
                + ": "
                + verdict.reason());
    Map<String, Object> out = new HashMap<>();
    out.put("qualityGate", Map.of("passed", verdict.passed(), "reason", verdict.reason()));
    if (verdict.passed()) {
      ledger.gatePassed(buildRunId, verdict.reason());
    } else {
      ledger.buildRejected(buildRunId, verdict.reason());
      out.put("releaseOutcome", REJECTED);
    }
    return out;
  }
}
