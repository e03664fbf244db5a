package io.modelship.console;

import io.modelship.build.SourceCheckout;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.pipeline.UnknownAppException;
import io.modelship.trigger.AppBusyException;
import io.modelship.trigger.BuildRequest;
import io.modelship.trigger.BuildStarter;
import io.modelship.trigger.EngineUnavailableException;
import io.modelship.trigger.ReleaseStarter;
import io.modelship.trigger.StartedRun;
import java.security.Principal;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Starts a build or a release from the builds page (role {@code trigger}), as {@code POST
 * /api/builds} and {@code POST /api/releases} do, and goes to the new run's page.
 */
@Controller
class StartController {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

  private final BuildStarter builds;
  private final ReleaseStarter releases;
  private final PipelineProperties pipeline;
  private final ObjectProvider<SourceCheckout> sources;

  StartController(
      BuildStarter builds,
      ReleaseStarter releases,
      PipelineProperties pipeline,
      ObjectProvider<SourceCheckout> sources) {
    this.builds = builds;
    this.releases = releases;
    this.pipeline = pipeline;
    this.sources = sources;
  }

  @PostMapping("/builds")
  String build(
      @RequestParam(required = false) String app,
      @RequestParam(required = false) String commitSha,
      Principal user,
      RedirectAttributes flash) {
    String sha = commitSha == null || commitSha.isBlank() ? null : commitSha.strip();
    if (sha != null && !SHA.matcher(sha).matches()) {
      throw new IllegalArgumentException(
          "Expected 'commitSha' to be 7 to 40 hex digits, but it was '" + sha + "'");
    }
    try {
      PipelineProperties.App config = pipeline.app(app == null ? "" : app);
      if (sha == null) {
        SourceCheckout checkout = sources.getIfAvailable();
        if (checkout == null) {
          throw new IllegalArgumentException(
              "Expected a commit SHA: no source checkout is configured");
        }
        sha = checkout.headOf(config.repositoryUrl(), config.releaseBranch());
      }
      StartedRun run =
          builds.start(new BuildRequest(app, config.releaseBranch(), sha, user.getName()));
      flash.addFlashAttribute(
          "notice", run.created() ? "Build started." : "This commit was built before: its run.");
      return "redirect:/runs/" + run.runId();
    } catch (UnknownAppException | AppBusyException | EngineUnavailableException e) {
      flash.addFlashAttribute("problem", e.getMessage());
      return "redirect:/builds";
    }
  }

  @PostMapping("/releases")
  String release(
      @RequestParam(required = false) String app, Principal user, RedirectAttributes flash) {
    try {
      StartedRun run = releases.start(app == null || app.isBlank() ? null : app, user.getName());
      flash.addFlashAttribute("notice", "Release started.");
      return "redirect:/runs/" + run.runId();
    } catch (UnknownAppException | AppBusyException | EngineUnavailableException e) {
      flash.addFlashAttribute("problem", e.getMessage());
      return "redirect:/builds";
    }
  }
}
