package io.modelship.testing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.model.FetchedModel;
import io.modelship.model.ModelStore;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepRunner;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** {@code run-tests}: runs the app's tests with the fetched model as {@code MODEL_PATH}. */
@Component
public class RunTestsWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ObjectProvider<ModelStore> models;
  private final ObjectProvider<TestRunner> runners;

  RunTestsWorker(
      StepRunner steps,
      RunSources sources,
      ObjectProvider<ModelStore> models,
      ObjectProvider<TestRunner> runners) {
    this.steps = steps;
    this.sources = sources;
    this.models = models;
    this.runners = runners;
  }

  @JobWorker(type = JobTypes.RUN_TESTS, autoComplete = false)
  public void runTests(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          CheckedOutSource source =
              sources.checkout(
                  step.string("repositoryUrl"), step.string("commitSha"), step.runId(), step.log());
          // The model is in the cache since fetch-model: this finds it there, without a download.
          FetchedModel model =
              models
                  .getObject()
                  .fetch(step.string("modelUri"), step.string("modelSha256"), step.log());
          TestReport report = runners.getObject().run(TestRun.of(source, model.file()), step.log());
          return Map.of("testSummary", report.summary());
        });
  }
}
