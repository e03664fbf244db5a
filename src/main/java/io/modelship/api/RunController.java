package io.modelship.api;

import io.modelship.build.SourceCheckout;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.trigger.BuildRequest;
import io.modelship.trigger.BuildStarter;
import io.modelship.trigger.ReleaseStarter;
import io.modelship.trigger.StartedRun;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts builds and releases, and shows runs. */
@RestController
class RunController {

  /** Build one commit; without {@code commitSha}, the head of {@code branch} (default: release). */
  record BuildBody(String app, String branch, String commitSha) {}

  /** Release one app, or every configured app when {@code app} is absent. */
  record ReleaseBody(String app) {}

  private final BuildStarter builds;
  private final ReleaseStarter releases;
  private final RunViews views;
  private final PipelineProperties pipeline;
  private final ObjectProvider<SourceCheckout> sources;

  RunController(
      BuildStarter builds,
      ReleaseStarter releases,
      RunViews views,
      PipelineProperties pipeline,
      ObjectProvider<SourceCheckout> sources) {
    this.builds = builds;
    this.releases = releases;
    this.views = views;
    this.pipeline = pipeline;
    this.sources = sources;
  }

  @Operation(
      summary = "Build one commit of an app (the same commit twice returns the existing run)")
  @PostMapping("/api/builds")
  ResponseEntity<StartedRun> build(@RequestBody(required = false) BuildBody body, Principal user) {
    if (body == null || body.app() == null || body.app().isBlank()) {
      throw ApiProblem.badRequest("Expected a JSON body with 'app', but it has none");
    }
    PipelineProperties.App app = pipeline.app(body.app());
    String branch = body.branch() == null ? app.releaseBranch() : body.branch();
    String sha = body.commitSha();
    if (sha == null) {
      SourceCheckout checkout = sources.getIfAvailable();
      if (checkout == null) {
        throw ApiProblem.badRequest("Expected 'commitSha': no source checkout is configured");
      }
      sha = checkout.headOf(app.repositoryUrl(), branch);
    }
    StartedRun run = builds.start(new BuildRequest(body.app(), branch, sha, user.getName()));
    if (!run.created()) {
      return ResponseEntity.ok(run);
    }
    return ResponseEntity.created(URI.create("/api/runs/" + run.runId())).body(run);
  }

  @Operation(summary = "Release every app, or one, now (409 when its release is already running)")
  @PostMapping("/api/releases")
  ResponseEntity<StartedRun> release(
      @RequestBody(required = false) ReleaseBody body, Principal user) {
    String app = body == null ? null : body.app();
    StartedRun run = releases.start(app, user.getName());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/api/runs/" + run.runId()))
        .body(run);
  }

  @Operation(summary = "The newest runs")
  @GetMapping("/api/runs")
  List<RunViews.RunSummary> runs(@RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 500) {
      throw ApiProblem.badRequest("Expected limit between 1 and 500, but it was " + limit);
    }
    return views.newest(limit);
  }

  @Operation(summary = "One run: status, steps, incidents, approvals and results")
  @GetMapping("/api/runs/{runId}")
  RunViews.RunDetail run(@PathVariable String runId) {
    return views
        .detail(runId)
        .orElseThrow(
            () -> ApiProblem.notFound("Expected a run '" + runId + "', but there is none"));
  }
}
