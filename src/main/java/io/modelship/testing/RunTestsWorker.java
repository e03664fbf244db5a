package io.modelship.testing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.model.FetchedModel;
import io.modelship.model.ModelStore;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepContext;
import io.modelship.pipeline.StepRunner;
import io.modelship.release.ModelMetrics;
import io.modelship.release.ReleaseLedger;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code run-tests}: runs the app's tests with the fetched model as {@code MODEL_PATH}, and records
 * the model's metrics that they wrote (with the build in the ledger, and as {@code modelMetrics}
 * for the image's labels).
 */
@Component
public class RunTestsWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ObjectProvider<ModelStore> models;
  private final ObjectProvider<TestRunner> runners;
  private final ReleaseLedger ledger;

  RunTestsWorker(
      StepRunner steps,
      RunSources sources,
      ObjectProvider<ModelStore> models,
      ObjectProvider<TestRunner> runners,
      ReleaseLedger ledger) {
    this.steps = steps;
    this.ledger = ledger;
    this.sources = sources;
    this.models = models;
    this.runners = runners;
  }

  /**
   * The build row exists from the trigger on; a rebuild that the nightly release asked for gets its
   * row here (as record-build would insert it), so that the metrics have somewhere to go.
   */
  private void recordMetrics(StepContext step, ModelMetrics metrics) {
    if (ledger.findBuild(step.runId()).isEmpty()) {
      ledger.startBuild(
          step.runId(),
          step.string("app"),
          step.string("repositoryUrl"),
          step.string("branch"),
          step.string("commitSha"),
          null);
    }
    ledger.recordMetrics(step.runId(), metrics);
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
          ModelMetrics metrics =
              MetricsFile.read(source.workspace(), source.config().quality().metrics());
          Map<String, Object> out = new HashMap<>();
          out.put("testSummary", report.summary());
          if (!metrics.isEmpty()) {
            step.log().append("Model metrics: " + metrics.toJson());
            recordMetrics(step, metrics);
            out.put("modelMetrics", metrics.values());
          }
          return out;
        });
  }
}
