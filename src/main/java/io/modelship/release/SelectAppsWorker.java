package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.pipeline.StepRunner;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code select-apps}: the apps this release covers (every configured app, or the one requested)
 * and the approval timeout. A release the nightly timer started has no run id yet: it gets one
 * named after its process instance, so a re-delivered job finds the same.
 */
@Component
public class SelectAppsWorker {

  private final StepRunner steps;
  private final PipelineProperties pipeline;
  private final Runs runs;

  SelectAppsWorker(StepRunner steps, PipelineProperties pipeline, Runs runs) {
    this.steps = steps;
    this.pipeline = pipeline;
    this.runs = runs;
  }

  @JobWorker(type = JobTypes.SELECT_APPS, autoComplete = false)
  public void selectApps(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        SelectAppsWorker::runIdOf,
        step -> {
          boolean byTimer = step.job().getVariablesAsMap().get("runId") == null;
          if (byTimer) {
            runs.record(step.runId(), Run.RELEASE, null, "timer");
            runs.attachProcessInstance(step.runId(), step.job().getProcessInstanceKey());
          }
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

  static String runIdOf(ActivatedJob job) {
    Object runId = job.getVariablesAsMap().get("runId");
    return runId instanceof String s ? s : "nightly-" + job.getProcessInstanceKey();
  }
}
