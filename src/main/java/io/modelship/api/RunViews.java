package io.modelship.api;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the API shows of a run: the ledger's records (steps, build, releases) joined with the
 * engine's view (state, incidents, open approvals). When the engine does not answer, the ledger's
 * part is still shown and the state reads {@code unknown}.
 */
@Component
public class RunViews {

  private static final Logger LOG = LoggerFactory.getLogger(RunViews.class);

  public record RunSummary(
      String runId,
      String kind,
      String app,
      String startedBy,
      Instant createdAt,
      Long processInstanceKey,
      String buildStatus) {}

  public record StepView(
      String step,
      String state,
      int attempts,
      Instant startedAt,
      Instant finishedAt,
      String errorCode,
      String errorMessage,
      String log) {}

  public record IncidentView(
      long key, String elementId, String errorType, String message, Long jobKey, String retry) {}

  public record ApprovalView(
      long userTaskKey, String name, Instant dueDate, List<String> candidateGroups) {}

  public record RunDetail(
      String runId,
      String kind,
      String app,
      String startedBy,
      Instant createdAt,
      Long processInstanceKey,
      String state,
      List<StepView> steps,
      List<IncidentView> incidents,
      List<ApprovalView> pendingApprovals,
      Build build,
      List<Release> releases,
      List<ModelComparison> models) {}

  private final Runs runs;
  private final StepRecords steps;
  private final ReleaseLedger ledger;
  private final CamundaClient camunda;

  RunViews(Runs runs, StepRecords steps, ReleaseLedger ledger, CamundaClient camunda) {
    this.runs = runs;
    this.steps = steps;
    this.ledger = ledger;
    this.camunda = camunda;
  }

  public List<RunSummary> newest(int limit) {
    return runs.newest(limit).stream()
        .map(
            run ->
                new RunSummary(
                    run.runId(),
                    run.kind(),
                    run.app(),
                    run.startedBy(),
                    run.createdAt(),
                    run.processInstanceKey(),
                    Run.BUILD.equals(run.kind())
                        ? ledger.findBuild(run.runId()).map(Build::status).orElse(null)
                        : null))
        .toList();
  }

  public Optional<RunDetail> detail(String runId) {
    Optional<Run> found = runs.find(runId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Run run = found.get();
    List<StepView> stepViews =
        steps.ofRun(runId).stream()
            .map(
                s ->
                    new StepView(
                        s.step(),
                        s.state(),
                        s.attempts(),
                        s.startedAt(),
                        s.finishedAt(),
                        s.errorCode(),
                        s.errorMessage(),
                        "/api/runs/" + runId + "/steps/" + s.step() + "/log"))
            .toList();
    String state = "unknown";
    List<IncidentView> incidents = List.of();
    List<ApprovalView> approvals = List.of();
    Long key = run.processInstanceKey();
    if (key != null) {
      try {
        state = state(key);
        incidents = incidents(key);
        approvals = approvals(key);
      } catch (RuntimeException e) {
        LOG.warn("The engine did not answer for run {}: {}", runId, e.getMessage());
      }
    }
    return Optional.of(
        new RunDetail(
            run.runId(),
            run.kind(),
            run.app(),
            run.startedBy(),
            run.createdAt(),
            key,
            state,
            stepViews,
            incidents,
            approvals,
            ledger.findBuild(runId).orElse(null),
            ledger.releasesOfRun(runId),
            Run.RELEASE.equals(run.kind()) ? ModelComparison.of(runId, ledger) : List.of()));
  }

  /** The instance's state, or {@code unknown} while the engine does not know the key yet. */
  private String state(long processInstanceKey) {
    try {
      return String.valueOf(
              camunda.newProcessInstanceGetRequest(processInstanceKey).send().join().getState())
          .toLowerCase();
    } catch (ProblemException e) {
      if (e.code() == 404) {
        return "unknown";
      }
      throw e;
    }
  }

  private List<IncidentView> incidents(long processInstanceKey) {
    return camunda
        .newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(IncidentState.ACTIVE))
        .send()
        .join()
        .items()
        .stream()
        .map(RunViews::incident)
        .toList();
  }

  private List<ApprovalView> approvals(long processInstanceKey) {
    return camunda
        .newUserTaskSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(UserTaskState.CREATED))
        .send()
        .join()
        .items()
        .stream()
        .map(RunViews::approval)
        .toList();
  }

  private static IncidentView incident(Incident i) {
    return new IncidentView(
        i.getIncidentKey(),
        i.getElementId(),
        String.valueOf(i.getErrorType()),
        i.getErrorMessage(),
        i.getJobKey(),
        "/api/incidents/" + i.getIncidentKey() + "/retry");
  }

  private static ApprovalView approval(UserTask t) {
    return new ApprovalView(
        t.getUserTaskKey(),
        t.getName(),
        t.getDueDate() == null ? null : t.getDueDate().toInstant(),
        t.getCandidateGroups());
  }

  /** Whether a step has ended (so a log reader stops following it). */
  boolean stepEnded(String runId, String step) {
    return steps.find(runId, step).map(s -> !StepRecord.STARTED.equals(s.state())).orElse(true);
  }
}
