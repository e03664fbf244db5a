package io.modelship.deploy;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepRunner;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code rollback}: puts back what ran in the environment before this run, as the ledger has it
 * (never the deployer's memory), and records the rollback. With no earlier release there (an app's
 * first release to the environment), there is nothing to put back: the failed version is taken out
 * of the environment instead of being left to serve, the ledger marks it {@code removed}, and the
 * step log and the {@code rollback} variable say so.
 */
@Component
public class RollbackWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ReleaseLedger ledger;
  private final ObjectProvider<Deployer> deployers;

  RollbackWorker(
      StepRunner steps,
      RunSources sources,
      ReleaseLedger ledger,
      ObjectProvider<Deployer> deployers) {
    this.steps = steps;
    this.sources = sources;
    this.ledger = ledger;
    this.deployers = deployers;
  }

  @JobWorker(type = JobTypes.ROLLBACK, autoComplete = false)
  public void rollback(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String app = step.string("app");
          String environment = step.string("environment");
          Optional<Release> failed =
              ledger
                  .latestOfRun(step.runId(), app, environment)
                  .filter(r -> Release.DEPLOYED.equals(r.outcome()));
          Optional<Release> target = ledger.previous(app, environment, step.runId());
          if (target.isEmpty()) {
            Build candidate = DeployWorker.candidateBuild(step, ledger);
            CheckedOutSource source = DeployWorker.releaseSource(step, sources, candidate);
            step.log()
                .append(
                    "no earlier release of "
                        + app
                        + " in "
                        + environment
                        + " to put back: removing "
                        + candidate.image()
                        + " from "
                        + environment);
            deployers
                .getObject()
                .remove(
                    new DeployRequest(
                        environment, candidate.image(), source.config(), source.workspace()),
                    step.log());
            ledger.removed(failed.map(Release::id).orElse(null));
            return Map.of("rollback", "removed", "rolledBackTo", "");
          }
          Release previous = target.get();
          Build build =
              ledger
                  .findBuild(previous.buildRunId())
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "Expected the ledger to have build "
                                  + previous.buildRunId()
                                  + " of release "
                                  + previous.id()
                                  + ", but it has not"));
          CheckedOutSource source =
              sources.checkout(
                  build.repositoryUrl(),
                  build.commitSha(),
                  step.runId() + "-" + app + "-rollback",
                  step.log());
          step.log()
              .append("putting back " + previous.image() + " (release " + previous.id() + ")");
          deployers
              .getObject()
              .rollback(
                  new DeployRequest(
                      environment, previous.image(), source.config(), source.workspace()),
                  step.log());
          ledger.rolledBack(step.runId(), failed.map(Release::id).orElse(null), previous);
          return Map.of("rollback", "restored", "rolledBackTo", previous.image());
        });
  }
}
