package io.modelship.api;

import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What runs in an environment: per app, the image and model, since when, and who approved it. */
@RestController
class EnvironmentController {

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");

  record Running(
      String app,
      String image,
      String imageDigest,
      String gitSha,
      String modelUri,
      String modelSha256,
      Instant since,
      String approver,
      Instant approvedAt,
      String runId,
      String outcome) {}

  record EnvironmentView(String environment, List<Running> apps) {}

  private final ReleaseLedger ledger;

  EnvironmentController(ReleaseLedger ledger) {
    this.ledger = ledger;
  }

  @Operation(summary = "What runs in the environment now, since when, and who approved it")
  @GetMapping("/api/environments/{env}")
  EnvironmentView environment(@PathVariable String env) {
    if (!NAME.matcher(env).matches()) {
      throw ApiProblem.badRequest(
          "Expected an environment name matching " + NAME.pattern() + ", but got '" + env + "'");
    }
    return new EnvironmentView(
        env, ledger.currentAll(env).stream().map(EnvironmentController::running).toList());
  }

  private static Running running(Release r) {
    return new Running(
        r.app(),
        r.image(),
        r.imageDigest(),
        r.gitSha(),
        r.modelUri(),
        r.modelSha256(),
        r.deployedAt(),
        r.approver(),
        r.approvedAt(),
        r.runId(),
        r.outcome());
  }
}
