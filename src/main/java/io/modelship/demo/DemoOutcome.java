package io.modelship.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelship.deploy.AutoDeployer;
import io.modelship.deploy.Deployer;
import io.modelship.deploy.DryRunDeployer;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * What the two runs came to, read from the ledger and the step records (never from what the demo
 * expected): how each ended, where the app was deployed and by which target, and the verdict. The
 * verdict is {@code released} only when production's smoke test step succeeded and the ledger
 * recorded production as released.
 */
final class DemoOutcome {

  /** The result and its explanation. */
  record Verdict(DemoSummary.Result result, String detail) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StepRecords stepRecords;
  private final ReleaseLedger ledger;
  private final ObjectProvider<Deployer> deployers;
  private final Environment env;

  DemoOutcome(
      StepRecords stepRecords,
      ReleaseLedger ledger,
      ObjectProvider<Deployer> deployers,
      Environment env) {
    this.stepRecords = stepRecords;
    this.ledger = ledger;
    this.deployers = deployers;
    this.env = env;
  }

  /** Adds the release's facts to the summary (approver, endpoints and targets) and judges it. */
  Verdict release(
      DemoSummary summary,
      String runId,
      JsonNode run,
      List<StepRecord> steps,
      boolean autoApproved) {
    String app = DemoProperties.APP;
    List<Release> releases = ledger.releasesOfRun(runId);
    releases.stream()
        .filter(r -> r.approver() != null)
        .findFirst()
        .ifPresent(
            r ->
                summary.line(
                    "approved by",
                    autoApproved
                        ? r.approver() + ", the demo's automatic approval (no person reviewed it)"
                        : r.approver() + ", in the console"));
    for (String environment : List.of("staging", "production")) {
      result(runId, "deploy-" + environment + "." + app, "endpoint")
          .ifPresent(endpoint -> summary.line(environment, endpoint + target(environment)));
    }
    Optional<String> dryRun =
        steps.stream()
            .map(StepRecord::errorMessage)
            .filter(m -> m != null && m.startsWith(DryRunDeployer.NOT_DEPLOYED))
            .findFirst();
    if (dryRun.isPresent()) {
      summary.line("deploy target", "dry-run" + target("staging"));
      return new Verdict(
          DemoSummary.Result.DRY_RUN,
          "nothing was deployed" + dryRun.get().substring(DryRunDeployer.NOT_DEPLOYED.length()));
    }
    boolean smokePassed =
        steps.stream()
            .anyMatch(
                s ->
                    s.step().equals("smoke-production." + app)
                        && StepRecord.SUCCEEDED.equals(s.state()));
    boolean recorded =
        releases.stream()
            .anyMatch(
                r -> "production".equals(r.environment()) && Release.RELEASED.equals(r.outcome()));
    Optional<String> endpoint = result(runId, "deploy-production." + app, "endpoint");
    if (smokePassed && recorded && endpoint.isPresent()) {
      return new Verdict(
          DemoSummary.Result.RELEASED,
          "production passed its smoke tests at "
              + endpoint.get()
              + "; it answers GET / now with: "
              + probe(endpoint.get()));
    }
    return new Verdict(DemoSummary.Result.NOT_RELEASED, releaseEnding(runId, run));
  }

  String buildEnding(Build build, JsonNode run) {
    if (build.succeeded()) {
      return "image published";
    }
    Optional<String> incident = incident(run);
    if (incident.isPresent()) {
      return incident.get();
    }
    return "build failed ("
        + build.failureCode()
        + ": "
        + build.failureReason()
        + "), process "
        + run.path("state").asText();
  }

  String releaseEnding(String runId, JsonNode run) {
    Optional<String> incident = incident(run);
    if (incident.isPresent()) {
      return incident.get();
    }
    return result(runId, "release-lock." + DemoProperties.APP, "releaseOutcome")
        .map(o -> o.replace('-', ' '))
        .orElse("no outcome recorded (process " + run.path("state").asText() + ")");
  }

  /** The first open incident of a run, as the API shows it, with how to retry it. */
  static Optional<String> incident(JsonNode run) {
    JsonNode incident = run.path("incidents").path(0);
    if (incident.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(
        "stopped at an incident at "
            + incident.path("elementId").asText()
            + ": "
            + incident.path("message").asText()
            + " (fix the cause, then POST "
            + incident.path("retry").asText()
            + ")");
  }

  /** The target of the last deployment into an environment, and why it was chosen. */
  String target(String environment) {
    Deployer deployer = deployers.getIfAvailable();
    if (deployer instanceof AutoDeployer auto) {
      return auto.lastChoice(DemoProperties.APP, environment)
          .map(c -> " (" + c.target() + ": " + c.reason() + ")")
          .orElse("");
    }
    return " (" + env.getProperty("modelship.deploy.target", "auto") + ", as configured)";
  }

  Optional<String> result(String runId, String step, String field) {
    return stepRecords
        .find(runId, step)
        .map(StepRecord::result)
        .flatMap(
            json -> {
              try {
                String value = JSON.readTree(json).path(field).asText("");
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  private static String probe(String endpoint) {
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint).resolve("/"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() + " \"" + answer.body().strip() + "\"";
    } catch (IOException e) {
      return "no answer (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no answer (interrupted)";
    }
  }
}
