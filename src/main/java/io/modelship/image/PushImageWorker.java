package io.modelship.image;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code push-image}: publishes the built image under the run id and the git SHA. The step record
 * makes a re-delivered job answer with the first push's result; the publisher's own no-op for what
 * is already there covers a push taken over from a dead owner.
 */
@Component
public class PushImageWorker {

  private final StepRunner steps;
  private final ObjectProvider<RegistryPublisher> publishers;

  PushImageWorker(StepRunner steps, ObjectProvider<RegistryPublisher> publishers) {
    this.steps = steps;
    this.publishers = publishers;
  }

  @JobWorker(type = JobTypes.PUSH_IMAGE, autoComplete = false)
  public void pushImage(JobClient client, ActivatedJob job) {
    steps.run(
        client,
        job,
        step -> {
          String tarball = step.optionalString("imageTarball");
          BuiltImage built =
              new BuiltImage(
                  step.string("imageRepository"),
                  step.string("imageTag"),
                  step.string("imageDigest"),
                  tarball == null ? null : Path.of(tarball));
          PublishedImage published =
              publishers
                  .getObject()
                  .publish(built, List.of(step.runId(), step.string("commitSha")), step.log());
          return Map.of(
              "image", published.pinned(),
              "imageTags", published.tags(),
              "pushSkipped", published.skipped());
        });
  }
}
