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
      String formSchema) {}

  private final Approvals approvals;
  private final Runs runs;
  private final ReleaseLedger ledger;
  private final StepRecords steps;
  private final CamundaClient camunda;

  ApprovalCandidates(
      Approvals approvals,
      Runs runs,
      ReleaseLedger ledger,
      StepRecords steps,
      CamundaClient camunda) {
    this.approvals = approvals;
    this.runs = runs;
    this.ledger = ledger;
    this.steps = steps;
    this.camunda = camunda;
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
        formSchema(waiting.userTaskKey()));
  }

  private static String smoke(StepRecord step) {
    String text = step.state() + (step.result() == null ? "" : " " + step.result());
    if (step.errorMessage() != null) {
      text += " " + step.errorMessage();
    }
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
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
