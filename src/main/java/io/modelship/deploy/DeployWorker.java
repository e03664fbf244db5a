package io.modelship.deploy;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepContext;
import io.modelship.pipeline.StepRunner;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code deploy}: runs the candidate image, pinned by digest, in the task's {@code environment} and
 * records it in the ledger. In production the ledger row carries the approver and approval time.
 */
@Component
public class DeployWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ReleaseLedger ledger;
  private final ObjectProvider<Deployer> deployers;

  DeployWorker(
      StepRunner steps,
      RunSources sources,
      ReleaseLedger ledger,
      ObjectProvider<Deployer> deployers) {
    this.steps = steps;
    this.sources = sources;
    this.ledger = ledger;
    this.deployers = deployers;
  }

  @JobWorker(type = JobTypes.DEPLOY, autoComplete = false)
  public void deploy(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String environment = step.string("environment");
          Build build = candidateBuild(step, ledger);
          CheckedOutSource source = releaseSource(step, sources, build);
          Deployment deployment =
              deployers
                  .getObject()
                  .deploy(
                      new DeployRequest(
                          environment, build.image(), source.config(), source.workspace()),
                      step.log());
          // A step taken over from a dead owner may find its deployment recorded already.
          Optional<Release> recorded =
              ledger
                  .latestOfRun(step.runId(), build.app(), environment)
                  .filter(r -> r.buildRunId().equals(build.runId()))
                  .filter(r -> Release.DEPLOYED.equals(r.outcome()));
          if (recorded.isEmpty()) {
            String approvedAt = step.optionalString("approvedAt");
            ledger.deployed(
                step.runId(),
                environment,
                build,
                step.optionalString("approver"),
                approvedAt == null ? null : Instant.parse(approvedAt),
                step.optionalString("approvalComment"));
          }
          return Map.of("endpoint", deployment.endpoint().toString());
        });
  }

  /** The build named by the {@code candidate} variable, as the ledger has it. */
  static Build candidateBuild(StepContext step, ReleaseLedger ledger) {
    String buildRunId = step.field("candidate", "buildRunId");
    return ledger
        .findBuild(buildRunId)
        .filter(Build::succeeded)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Expected build "
                        + buildRunId
                        + " to have succeeded, but the ledger says not"));
  }

  /** The app's files at the build's commit, in this release's workspace for the app. */
  static CheckedOutSource releaseSource(StepContext step, RunSources sources, Build build) {
    return sources.checkout(
        build.repositoryUrl(), build.commitSha(), step.runId() + "-" + build.app(), step.log());
  }
}
