package io.modelship.build;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.notify.AppNotificationSettings;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepRunner;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code fetch-source}: checks out the commit and reads the app's {@code .modelship.yaml}. */
@Component
public class FetchSourceWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final AppNotificationSettings notifications;

  FetchSourceWorker(StepRunner steps, RunSources sources, AppNotificationSettings notifications) {
    this.steps = steps;
    this.sources = sources;
    this.notifications = notifications;
  }

  @JobWorker(type = JobTypes.FETCH_SOURCE, autoComplete = false)
  public void fetchSource(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          CheckedOutSource source =
              sources.checkout(
                  step.string("repositoryUrl"), step.string("commitSha"), step.runId(), step.log());
          // Releases check out no source: they tell the channels this commit names.
          notifications.remember(
              source.config().app(), source.commitSha(), source.config().notifications());
          return Map.of(
              "commitSha", source.commitSha(),
              "commitTime", source.commitTime().toString(),
              "modelUri", source.config().model().uri());
        });
  }
}
