package io.modelship.release;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.build.SourceCheckout;
import io.modelship.model.ModelStore;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.pipeline.StepContext;
import io.modelship.pipeline.StepRunner;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code find-release-candidate}: the newest good build of the release branch that is not yet in
 * production. When the model at that build's model URI has changed since (its digest differs), it
 * asks for a rebuild of the head of the release branch ({@code rebuildRequest}); after the rebuild,
 * the same step takes the rebuilt build. With nothing new, it ends the app's release as "nothing to
 * release"; a failed rebuild ends it as "build failed".
 */
@Component
public class FindCandidateWorker {

  static final String NOTHING = "nothing-to-release";
  static final String BUILD_FAILED = "build-failed";

  private final StepRunner steps;
  private final ReleaseLedger ledger;
  private final Runs runs;
  private final PipelineProperties pipeline;
  private final ObjectProvider<ModelStore> models;
  private final ObjectProvider<SourceCheckout> sources;

  FindCandidateWorker(
      StepRunner steps,
      ReleaseLedger ledger,
      Runs runs,
      PipelineProperties pipeline,
      ObjectProvider<ModelStore> models,
      ObjectProvider<SourceCheckout> sources) {
    this.steps = steps;
    this.ledger = ledger;
    this.runs = runs;
    this.pipeline = pipeline;
    this.models = models;
    this.sources = sources;
  }

  @JobWorker(type = JobTypes.FIND_RELEASE_CANDIDATE, autoComplete = false)
  public void findCandidate(JobClient client, ActivatedJob job) {
    steps.run(client, job, this::find);
  }

  private Map<String, Object> find(StepContext step) {
    String app = step.string("app");
    Optional<Release> production = ledger.current(app, "production");
    Map<String, Object> out = new HashMap<>();
    if (step.object("rebuildRequest") != null) {
      String rebuildRunId = step.field("rebuildRequest", "runId");
      Optional<Build> rebuilt = ledger.findBuild(rebuildRunId).filter(Build::succeeded);
      if (rebuilt.isEmpty()) {
        step.log().append("the rebuild " + rebuildRunId + " did not publish an image");
        out.put("releaseOutcome", BUILD_FAILED);
        return out;
      }
      return candidate(out, rebuilt.get(), production);
    }
    PipelineProperties.App settings = pipeline.app(app);
    Optional<Build> newest = ledger.newestGoodBuild(app, settings.releaseBranch());
    if (newest.isEmpty()) {
      step.log().append("no good build of " + settings.releaseBranch() + " yet");
      out.put("releaseOutcome", NOTHING);
      return out;
    }
    Build build = newest.get();
    String modelNow = models.getObject().fetch(build.modelUri(), null, step.log()).sha256();
    if (!modelNow.equals(build.modelSha256())) {
      String head = sources.getObject().headOf(settings.repositoryUrl(), settings.releaseBranch());
      String rebuildRunId = step.runId() + "-" + app;
      step.log()
          .append(
              "the model at "
                  + build.modelUri()
                  + " changed since build "
                  + build.runId()
                  + " ("
                  + build.modelSha256()
                  + " -> "
                  + modelNow
                  + "); rebuilding "
                  + head
                  + " as "
                  + rebuildRunId);
      runs.record(rebuildRunId, Run.BUILD, app, "release:" + step.runId());
      // The ledger has the rebuild from now on, as a model-only build (idempotent on redelivery).
      if (ledger.findBuild(rebuildRunId).isEmpty()) {
        ledger.startBuild(
            rebuildRunId, app, settings.repositoryUrl(), settings.releaseBranch(), head, null);
      }
      ledger.markModelOnly(rebuildRunId, "release:" + step.runId());
      out.put(
          "rebuildRequest",
          Map.of(
              "runId",
              rebuildRunId,
              "repositoryUrl",
              settings.repositoryUrl(),
              "branch",
              settings.releaseBranch(),
              "commitSha",
              head));
      return out;
    }
    if (production.isPresent() && production.get().imageDigest().equals(build.imageDigest())) {
      step.log().append("build " + build.runId() + " already runs in production");
      out.put("releaseOutcome", NOTHING);
      return out;
    }
    return candidate(out, build, production);
  }

  private static Map<String, Object> candidate(
      Map<String, Object> out, Build build, Optional<Release> production) {
    Map<String, Object> candidate = new HashMap<>();
    candidate.put("buildRunId", build.runId());
    candidate.put("image", build.image());
    candidate.put("imageDigest", build.imageDigest());
    candidate.put("gitSha", build.commitSha());
    candidate.put("modelUri", build.modelUri());
    candidate.put("modelSha256", build.modelSha256());
    out.put("candidate", candidate);
    String before = production.map(Release::gitSha).orElse(null);
    String modelBefore = production.map(Release::modelSha256).orElse(null);
    Map<String, Object> changes = new HashMap<>();
    changes.put(
        "commitRange", before == null ? build.commitSha() : before + ".." + build.commitSha());
    changes.put("modelBefore", modelBefore);
    changes.put("modelAfter", build.modelSha256());
    changes.put(
        "summary",
        (before == null ? "first release" : "commits " + before + ".." + build.commitSha())
            + (build.modelSha256().equals(modelBefore) ? ", same model" : ", new model"));
    out.put("changes", changes);
    production.ifPresent(
        p ->
            out.put(
                "previous", Map.of("image", p.image(), "gitSha", p.gitSha(), "releaseId", p.id())));
    return out;
  }
}
