package io.modelship.model;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.AppPipelineConfig;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepRunner;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code fetch-model}: fetches the model named by the app's {@code .modelship.yaml} into the cache
 * and reports its SHA-256. It reads the pipeline file through the run's shared checkout, so it runs
 * beside fetch-source without a second clone.
 */
@Component
public class FetchModelWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ObjectProvider<ModelStore> models;

  FetchModelWorker(StepRunner steps, RunSources sources, ObjectProvider<ModelStore> models) {
    this.steps = steps;
    this.sources = sources;
    this.models = models;
  }

  @JobWorker(type = JobTypes.FETCH_MODEL, autoComplete = false)
  public void fetchModel(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          AppPipelineConfig.Model model =
              sources
                  .checkout(
                      step.string("repositoryUrl"),
                      step.string("commitSha"),
                      step.runId(),
                      step.log())
                  .config()
                  .model();
          FetchedModel fetched = models.getObject().fetch(model.uri(), model.sha256(), step.log());
          return Map.of(
              "modelUri", fetched.uri(),
              "modelSha256", fetched.sha256(),
              "modelSize", fetched.size());
        });
  }
}
