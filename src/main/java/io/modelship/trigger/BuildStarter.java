package io.modelship.trigger;

import io.camunda.client.CamundaClient;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.pipeline.Processes;
import io.modelship.pipeline.RunIds;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Starts {@code commit-build} for one commit, once: a second request for the same app and commit
 * (while the first runs, or after it succeeded) returns the existing run.
 */
@Component
public class BuildStarter {

  private final CamundaClient camunda;
  private final ReleaseLedger ledger;
  private final Runs runs;
  private final PipelineProperties pipeline;
  private final Clock clock;

  public BuildStarter(
      CamundaClient camunda,
      ReleaseLedger ledger,
      Runs runs,
      PipelineProperties pipeline,
      Clock clock) {
    this.camunda = camunda;
    this.ledger = ledger;
    this.runs = runs;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  public StartedRun start(BuildRequest request) {
    return start(request, request.app() + ":" + request.commitSha(), null);
  }

  /**
   * Starts a model-only build of {@code request}'s commit (the release branch's head) for a newly
   * published model, once per commit and model digest; the ledger marks it as a model build.
   *
   * @param modelEvent what announced the model, e.g. {@code eventgrid:EVENT-ID}; no secret
   */
  public StartedRun startModelOnly(BuildRequest request, String modelSha256, String modelEvent) {
    return start(
        request, request.app() + ":" + request.commitSha() + ":model:" + modelSha256, modelEvent);
  }

  private StartedRun start(BuildRequest request, String requestKey, String modelEvent) {
    PipelineProperties.App app = pipeline.app(request.app());
    String runId = RunIds.mint(clock);
    Optional<Build> existing =
        ledger.startBuild(
            runId,
            request.app(),
            app.repositoryUrl(),
            request.branch(),
            request.commitSha(),
            requestKey);
    if (existing.isPresent()) {
      return new StartedRun(existing.get().runId(), false);
    }
    if (modelEvent != null) {
      ledger.markModelOnly(runId, modelEvent);
    }
    runs.record(runId, Run.BUILD, request.app(), request.startedBy());
    try {
      long key =
          camunda
              .newCreateInstanceCommand()
              .bpmnProcessId(Processes.COMMIT_BUILD)
              .latestVersion()
              .variables(
                  Map.of(
                      "runId", runId,
                      "app", request.app(),
                      "repositoryUrl", app.repositoryUrl(),
                      "branch", request.branch(),
                      "commitSha", request.commitSha()))
              .send()
              .join()
              .getProcessInstanceKey();
      runs.attachProcessInstance(runId, key);
      return new StartedRun(runId, true);
    } catch (RuntimeException e) {
      // Free the commit again, so the same request can be sent once the engine is back.
      Build started = ledger.findBuild(runId).orElseThrow();
      ledger.buildFailed(
          started, "NOT_STARTED", "The engine did not start the build: " + e.getMessage());
      throw new EngineUnavailableException(
          "Expected the engine to start " + Processes.COMMIT_BUILD + ", but it refused", e);
    }
  }
}
