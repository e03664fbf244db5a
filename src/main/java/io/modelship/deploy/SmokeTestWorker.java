package io.modelship.deploy;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepRunner;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import java.net.URI;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** {@code smoke-test}: the app's smoke checks against what {@code deploy} just rolled out. */
@Component
public class SmokeTestWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ReleaseLedger ledger;
  private final ObjectProvider<SmokeTester> testers;

  SmokeTestWorker(
      StepRunner steps,
      RunSources sources,
      ReleaseLedger ledger,
      ObjectProvider<SmokeTester> testers) {
    this.steps = steps;
    this.sources = sources;
    this.ledger = ledger;
    this.testers = testers;
  }

  @JobWorker(type = JobTypes.SMOKE_TEST, autoComplete = false)
  public void smokeTest(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          Build build = DeployWorker.candidateBuild(step, ledger);
          CheckedOutSource source = DeployWorker.releaseSource(step, sources, build);
          String summary =
              testers
                  .getObject()
                  .check(
                      URI.create(step.string("endpoint")),
                      source.config().smoke(),
                      source.workspace(),
                      step.log());
          return Map.of("smokeSummary", summary);
        });
  }
}
