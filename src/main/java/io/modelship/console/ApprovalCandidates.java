package io.modelship.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.modelship.api.Approvals;
import io.modelship.api.ModelComparison;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an approver weighs for each waiting approval: the candidate in staging (image, model, git
 * SHA), how its staging smoke tests went, its model metrics next to production's, who started the
 * run, and the Camunda Form linked to the task when it has one.
 */
@Component
class ApprovalCandidates {

  private static final Logger LOG = LoggerFactory.getLogger(ApprovalCandidates.class);

  /**
   * @param formSchema the task's Camunda Form (form-js JSON), or null: the page shows its own form
   * @param formData the task's own variables (its inputs: app, image, digests, ...) as one JSON
   *     object, the data the form shows, as Tasklist shows it; "{}" when there are none
   */
  record Candidate(
      String runId,
      String app,
      long userTaskKey,
      String startedBy,
      String image,
      String imageDigest,
      String gitSha,
      String modelSha256,
      String modelUri,
      String stagingSmoke,
      Map<String, Double> metrics,
      Map<String, Double> productionMetrics,
      String gate,
      String formSchema,
      String formData) {}

  private final Approvals approvals;
  private final Runs runs;
  private final ReleaseLedger ledger;
  private final StepRecords steps;
  private final CamundaClient camunda;
  private final JsonMapper json;

  ApprovalCandidates(
      Approvals approvals,
      Runs runs,
      ReleaseLedger ledger,
      StepRecords steps,
      CamundaClient camunda,
      JsonMapper json) {
    this.approvals = approvals;
    this.runs = runs;
    this.ledger = ledger;
    this.steps = steps;
    this.camunda = camunda;
    this.json = json;
  }

  List<Candidate> all() {
    return approvals.waiting().stream().map(this::candidate).toList();
  }

  List<Candidate> ofRun(String runId) {
    return approvals.waiting().stream()
        .filter(w -> w.runId().equals(runId))
        .map(this::candidate)
        .toList();
  }

  private Candidate candidate(Approvals.Waiting waiting) {
    String runId = waiting.runId();
    String app =
        waiting.app() != null ? waiting.app() : runs.find(runId).map(Run::app).orElse(null);
    Optional<Release> staged =
        app == null ? Optional.empty() : ledger.latestOfRun(runId, app, "staging");
    Optional<ModelComparison> models =
        ModelComparison.of(runId, ledger).stream().filter(m -> m.app().equals(app)).findFirst();
    String smoke =
        steps
            .find(runId, "smoke-staging." + app)
            .or(() -> steps.find(runId, "smoke-staging"))
            .map(ApprovalCandidates::smoke)
            .orElse(null);
    return new Candidate(
        runId,
        app,
        waiting.userTaskKey(),
        runs.find(runId).map(Run::startedBy).orElse(null),
        staged.map(Release::image).orElse(null),
        staged.map(Release::imageDigest).orElse(null),
        staged.map(Release::gitSha).orElse(null),
        staged.map(Release::modelSha256).orElse(null),
        staged.map(Release::modelUri).orElse(null),
        smoke,
        models.map(m -> m.candidate().metrics()).orElse(Map.of()),
        models.map(m -> m.production() == null ? null : m.production().metrics()).orElse(null),
        models
            .map(m -> m.gateOutcome() == null ? null : m.gateOutcome() + ": " + m.gateReason())
            .orElse(null),
        formSchema(waiting.userTaskKey()),
        formData(waiting.userTaskKey()));
  }

  private static String smoke(StepRecord step) {
    String text = step.state() + (step.result() == null ? "" : " " + step.result());
    if (step.errorMessage() != null) {
      text += " " + step.errorMessage();
    }
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }

  /**
   * The variables of the task's own scope (its input mappings), for the form to show: values are
   * JSON already, so each goes in as it is; a truncated one is left out rather than shown cut.
   */
  private String formData(long userTaskKey) {
    try {
      long scope = camunda.newUserTaskGetRequest(userTaskKey).send().join().getElementInstanceKey();
      ObjectNode data = json.createObjectNode();
      camunda
          .newVariableSearchRequest()
          .filter(f -> f.scopeKey(scope))
          .page(p -> p.limit(100))
          .send()
          .join()
          .items()
          .stream()
          .filter(v -> !Boolean.TRUE.equals(v.isTruncated()))
          .forEach(v -> data.set(v.getName(), json.readTree(v.getValue())));
      return json.writeValueAsString(data).replace("</", "<\\/");
    } catch (RuntimeException e) {
      LOG.warn("The engine did not give the variables of task {}: {}", userTaskKey, e.getMessage());
      return "{}";
    }
  }

  /** The task's linked form; a 404 (no form linked, or an engine without forms) is none. */
  private String formSchema(long userTaskKey) {
    try {
      var form = camunda.newUserTaskGetFormRequest(userTaskKey).send().join();
      // No form linked: Camunda 8.8 answers 204, which the client gives as no result.
      String schema = form == null ? null : form.getSchema();
      // The schema goes into a <script> element: "</" must not end it early ("\/" is valid JSON).
      return schema == null ? null : schema.replace("</", "<\\/");
    } catch (ProblemException e) {
      if (e.code() != 404) {
        LOG.warn("The engine did not give the form of task {}: {}", userTaskKey, e.getMessage());
      }
      return null;
    } catch (RuntimeException e) {
      LOG.warn("The engine did not give the form of task {}: {}", userTaskKey, e.getMessage());
      return null;
    }
  }
}
