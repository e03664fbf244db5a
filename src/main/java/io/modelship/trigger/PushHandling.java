package io.modelship.trigger;

import io.modelship.pipeline.PipelineProperties;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What both webhooks do with a verified push: find the app, filter the branch, de-duplicate the
 * delivery, and start the build once.
 */
@Component
class PushHandling {

  private static final String ZERO_SHA = "0000000000000000000000000000000000000000";

  private final PipelineProperties pipeline;
  private final WebhookDeliveries deliveries;
  private final BuildStarter builds;

  PushHandling(PipelineProperties pipeline, WebhookDeliveries deliveries, BuildStarter builds) {
    this.pipeline = pipeline;
    this.deliveries = deliveries;
    this.builds = builds;
  }

  /**
   * @param repositoryOf how an app names its repository for this source (null when it has none)
   */
  WebhookAnswer push(
      String source,
      String deliveryId,
      String repository,
      String ref,
      String commitSha,
      Function<PipelineProperties.App, String> repositoryOf) {
    Map.Entry<String, PipelineProperties.App> app =
        appOf(repository, repositoryOf)
            .orElseThrow(
                () ->
                    new WebhookRejectedException(
                        HttpStatus.NOT_FOUND,
                        "Expected a repository configured for an app under"
                            + " modelship.pipeline.apps, but '"
                            + repository
                            + "' is not"));
    if (ref == null || !ref.startsWith("refs/heads/")) {
      return WebhookAnswer.ignored("ref " + ref + " is not a branch");
    }
    String branch = ref.substring("refs/heads/".length());
    if (!app.getValue().branches().contains(branch)) {
      return WebhookAnswer.ignored(
          "branch "
              + branch
              + " does not build; "
              + app.getKey()
              + " builds "
              + app.getValue().branches());
    }
    if (commitSha == null || ZERO_SHA.equals(commitSha)) {
      return WebhookAnswer.ignored("branch " + branch + " was deleted");
    }
    if (deliveryId == null || deliveryId.isBlank()) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected a delivery id to de-duplicate on, but there was none");
    }
    Optional<String> seen = deliveries.claim(source, deliveryId);
    if (seen.isPresent()) {
      return WebhookAnswer.duplicateOf(seen.get());
    }
    BuildRequest request;
    try {
      request = new BuildRequest(app.getKey(), branch, commitSha, "webhook:" + source);
    } catch (IllegalArgumentException e) {
      deliveries.forget(source, deliveryId);
      throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    try {
      StartedRun run = builds.start(request);
      deliveries.handled(source, deliveryId, run.runId());
      return WebhookAnswer.started(run);
    } catch (RuntimeException e) {
      deliveries.forget(source, deliveryId);
      throw e;
    }
  }

  private Optional<Map.Entry<String, PipelineProperties.App>> appOf(
      String repository, Function<PipelineProperties.App, String> repositoryOf) {
    if (repository == null) {
      return Optional.empty();
    }
    return pipeline.apps().entrySet().stream()
        .filter(e -> repository.equalsIgnoreCase(repositoryOf.apply(e.getValue())))
        .findFirst();
  }
}
