package io.modelship.trigger;

import io.modelship.build.SourceCheckout;
import io.modelship.model.InvalidModelUriException;
import io.modelship.model.ModelLocation;
import io.modelship.model.ModelStore;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What every model-published trigger does with an announced model: find the apps whose {@code
 * model.uri} is that object, and start a model-only build of each app's release branch head once
 * per model digest (or, for apps that stage on publish, a release that rebuilds and goes to
 * staging). Objects no app uses are ignored, never an error.
 *
 * <p>An app's {@code model.uri} is taken from its newest good build of the release branch (the
 * {@code .modelship.yaml} that build read): an app that was never built is not matched.
 */
@Component
class ModelPublishing {

  private static final StepLog QUIET = line -> {};

  private final PipelineProperties pipeline;
  private final ReleaseLedger ledger;
  private final WebhookDeliveries deliveries;
  private final ModelPublications publications;
  private final ObjectProvider<ModelStore> models;
  private final ObjectProvider<SourceCheckout> sources;
  private final BuildStarter builds;
  private final ReleaseStarter releases;
  private final ModelDeliveryProperties properties;

  ModelPublishing(
      PipelineProperties pipeline,
      ReleaseLedger ledger,
      WebhookDeliveries deliveries,
      ModelPublications publications,
      ObjectProvider<ModelStore> models,
      ObjectProvider<SourceCheckout> sources,
      BuildStarter builds,
      ReleaseStarter releases,
      ModelDeliveryProperties properties) {
    this.pipeline = pipeline;
    this.ledger = ledger;
    this.deliveries = deliveries;
    this.publications = publications;
    this.models = models;
    this.sources = sources;
    this.builds = builds;
    this.releases = releases;
    this.properties = properties;
  }

  /**
   * Handles one announcement, once per source and event id.
   *
   * @throws WebhookRejectedException 400 for a URI that is not a model URI, 422 when the stated
   *     digest is not the model's, 503 when the model store cannot be read (the sender retries)
   */
  List<ModelEventAnswer> publish(PublishedModel event) {
    if (event.eventId() == null || event.eventId().isBlank() || event.eventId().length() > 100) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST,
          "Expected an event id of 1 to 100 characters to de-duplicate on, but it was "
              + (event.eventId() == null ? "missing" : "'" + shorten(event.eventId()) + "'"));
    }
    ModelLocation published = location(event.uri());
    Optional<String> seen = deliveries.claim(event.source(), event.eventId());
    if (seen.isPresent()) {
      return List.of(ModelEventAnswer.duplicate(event.eventId(), null, seen.get()));
    }
    try {
      List<ModelEventAnswer> answers = new ArrayList<>();
      for (Map.Entry<String, Build> app : appsUsing(published).entrySet()) {
        answers.add(start(event, app.getKey(), app.getValue()));
      }
      if (answers.isEmpty()) {
        answers.add(
            ModelEventAnswer.ignored(
                event.eventId(),
                null,
                "no app's model.uri is " + published.uri() + " (as its newest build read it)"));
      }
      String runId =
          answers.stream()
              .map(ModelEventAnswer::runId)
              .filter(r -> r != null)
              .findFirst()
              .orElse(null);
      deliveries.handled(event.source(), event.eventId(), runId);
      return answers;
    } catch (RuntimeException e) {
      deliveries.forget(event.source(), event.eventId());
      throw e;
    }
  }

  private ModelEventAnswer start(PublishedModel event, String app, Build newest) {
    PipelineProperties.App settings = pipeline.app(app);
    String sha256 = digest(newest.modelUri(), event.sha256());
    if (sha256 == null) {
      return ModelEventAnswer.ignored(
          event.eventId(), app, "no model at " + newest.modelUri() + " any more");
    }
    if (sha256.equals(newest.modelSha256())) {
      return ModelEventAnswer.ignored(
          event.eventId(), app, "model unchanged since build " + newest.runId());
    }
    Optional<String> before =
        publications.claim(app, sha256, newest.modelUri(), event.modelEvent());
    if (before.isPresent()) {
      return ModelEventAnswer.duplicate(event.eventId(), app, before.get());
    }
    try {
      ModelEventAnswer answer = startRun(event, app, settings, sha256);
      publications.handled(app, sha256, answer.runId());
      return answer;
    } catch (RuntimeException e) {
      publications.forget(app, sha256);
      throw e;
    }
  }

  private ModelEventAnswer startRun(
      PublishedModel event, String app, PipelineProperties.App settings, String sha256) {
    if (properties.stageOnPublish().contains(app)) {
      try {
        // The release finds the model changed, rebuilds the head with it, checks the gate and
        // deploys to staging; then it waits for approval as every release does.
        StartedRun release = releases.start(app, event.startedBy());
        return ModelEventAnswer.started(event.eventId(), app, release.runId(), "release");
      } catch (AppBusyException busy) {
        // A release runs already: build the model now, the next release takes it.
      }
    }
    String head = sources.getObject().headOf(settings.repositoryUrl(), settings.releaseBranch());
    StartedRun build =
        builds.startModelOnly(
            new BuildRequest(app, settings.releaseBranch(), head, event.startedBy()),
            sha256,
            event.modelEvent());
    return build.created()
        ? ModelEventAnswer.started(event.eventId(), app, build.runId(), "build")
        : ModelEventAnswer.duplicate(event.eventId(), app, build.runId());
  }

  /** The model's digest (it lands in the cache, where fetch-model finds it); null when gone. */
  private String digest(String uri, String stated) {
    try {
      return models.getObject().fetch(uri, stated, QUIET).sha256();
    } catch (BusinessOutcomeException e) {
      if (e.code() == ErrorCode.MODEL_INTEGRITY) {
        throw new WebhookRejectedException(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
      }
      return null;
    } catch (TransientStepException e) {
      throw new WebhookRejectedException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "Expected to read the model at " + uri + ", but: " + e.getMessage() + "; try again");
    }
  }

  /** The apps whose newest good build of the release branch used the published object. */
  private Map<String, Build> appsUsing(ModelLocation published) {
    Map<String, Build> apps = new java.util.TreeMap<>();
    pipeline
        .apps()
        .forEach(
            (name, app) ->
                ledger
                    .newestGoodBuild(name, app.releaseBranch())
                    .filter(build -> sameObject(published, build.modelUri()))
                    .ifPresent(build -> apps.put(name, build)));
    return apps;
  }

  private static boolean sameObject(ModelLocation published, String modelUri) {
    try {
      ModelLocation used = ModelLocation.parse(modelUri);
      return used.kind() == published.kind()
          && java.util.Objects.equals(used.bucket(), published.bucket())
          && java.util.Objects.equals(used.container(), published.container())
          && used.path().equals(published.path());
    } catch (InvalidModelUriException | NullPointerException e) {
      return false;
    }
  }

  /** The published URI as a model location; a query string (a SAS token) is dropped unseen. */
  private static ModelLocation location(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new WebhookRejectedException(
          HttpStatus.BAD_REQUEST, "Expected the published model's URI, but there is none");
    }
    int query = uri.indexOf('?');
    String bare = query < 0 ? uri : uri.substring(0, query);
    try {
      return ModelLocation.parse(bare);
    } catch (InvalidModelUriException e) {
      throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
