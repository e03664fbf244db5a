package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.pipeline.RunIds;
import io.modelship.pipeline.StepRunner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code select-apps}: the apps this release covers (every configured app, or the one requested)
 * and the approval timeout. A release the nightly timer started has no run id yet: this first job
 * of its instance mints one like every other run id ({@link RunIds}) and records the run against
 * the instance, so a re-delivered job finds the same one.
 */
@Component
public class SelectAppsWorker {

  /** Who started a release the nightly timer started. */
  static final String TIMER = "timer";

  private final StepRunner steps;
  private final PipelineProperties pipeline;
  private final Runs runs;
  private final Clock clock;

  SelectAppsWorker(StepRunner steps, PipelineProperties pipeline, Runs runs, Clock clock) {
    this.steps = steps;
    this.pipeline = pipeline;
    this.runs = runs;
    this.clock = clock;
  }

  @JobWorker(type = JobTypes.SELECT_APPS, autoComplete = false)
  public void selectApps(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        this::runIdOf,
        step -> {
          String requested = step.optionalString("requestedApp");
          if (requested != null) {
            pipeline.app(requested); // an unknown app stops here, naming the configured ones
          }
          List<String> apps =
              requested == null ? List.copyOf(pipeline.apps().keySet()) : List.of(requested);
          step.log().append("releasing " + apps);
          return Map.of(
              "runId", step.runId(),
              "apps", apps,
              "approvalTimeout", pipeline.release().approvalTimeout().toString());
        });
  }

  private String runIdOf(ActivatedJob job) {
    Object runId = job.getVariablesAsMap().get("runId");
    if (runId instanceof String given) {
      return given;
    }
    return runs.ofInstance(
        job.getProcessInstanceKey(), Run.RELEASE, TIMER, () -> RunIds.mint(clock));
  }
}
