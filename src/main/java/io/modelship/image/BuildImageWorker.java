package io.modelship.image;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.CheckedOutSource;
import io.modelship.model.FetchedModel;
import io.modelship.model.ModelStore;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.RunSources;
import io.modelship.pipeline.StepRunner;
import io.modelship.release.ModelMetrics;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** {@code build-image}: one image with the model in its own layer, under the run's tag. */
@Component
public class BuildImageWorker {

  private final StepRunner steps;
  private final RunSources sources;
  private final ObjectProvider<ModelStore> models;
  private final ObjectProvider<ImageBuilder> builders;

  BuildImageWorker(
      StepRunner steps,
      RunSources sources,
      ObjectProvider<ModelStore> models,
      ObjectProvider<ImageBuilder> builders) {
    this.steps = steps;
    this.sources = sources;
    this.models = models;
    this.builders = builders;
  }

  @JobWorker(type = JobTypes.BUILD_IMAGE, autoComplete = false)
  public void buildImage(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String repositoryUrl = step.string("repositoryUrl");
          CheckedOutSource source =
              sources.checkout(repositoryUrl, step.string("commitSha"), step.runId(), step.log());
          FetchedModel model =
              models
                  .getObject()
                  .fetch(step.string("modelUri"), step.string("modelSha256"), step.log());
          BuiltImage image =
              builders
                  .getObject()
                  .build(
                      new ImageBuildRequest(
                          step.runId(),
                          source.workspace(),
                          source.config(),
                          model.file(),
                          model.uri(),
                          model.sha256(),
                          source.commitSha(),
                          source.commitTime(),
                          repositoryUrl,
                          ModelMetrics.fromVariable(step.object("modelMetrics"))),
                      step.log());
          Map<String, Object> out = new HashMap<>();
          out.put("imageRepository", image.repository());
          out.put("imageTag", image.tag());
          out.put("imageDigest", image.digest());
          out.put("imageTarball", image.tarball() == null ? null : image.tarball().toString());
          return out;
        });
  }
}
