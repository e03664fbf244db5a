package io.modelship.api;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approves or rejects a release waiting in "Approve production release", for the API and the web
 * console alike. The approver is who the caller says signed in; a form's values go with the
 * decision but never replace what the decision itself sets. The user who started the release may
 * not decide it unless {@code modelship.approvals.allow-self-approval} is true.
 */
@Component
public class Approvals {

  public static final String APPROVAL_ELEMENT = "approve-production";

  /** What the decision sets; form values of the same names are ignored. */
  private static final Set<String> DECISION_VARIABLES =
      Set.of("approved", "approver", "approvalComment", "approvedAt", "releaseOutcome");

  public record ApprovalAnswer(String runId, String app, boolean approved, String approver) {}

  /** An approval waiting, with the app it approves (null when the engine does not say). */
  public record Waiting(String runId, String app, long userTaskKey, long processInstanceKey) {}

  private final Runs runs;
  private final CamundaClient camunda;
  private final Clock clock;
  private final JsonMapper json;
  private final ApprovalProperties properties;

  Approvals(
      Runs runs,
      CamundaClient camunda,
      Clock clock,
      JsonMapper json,
      ApprovalProperties properties) {
    this.runs = runs;
    this.properties = properties;
    this.camunda = camunda;
    this.clock = clock;
    this.json = json;
  }

  /**
   * Completes the run's approval task (the one of {@code app} when several wait).
   *
   * @param formValues the approval form's values, or empty
   * @throws org.springframework.web.ErrorResponseException 400, 404 or 409 naming what is wrong;
   *     403 when {@code approver} started the release and self-approval is not allowed (the task
   *     stays open and nothing is recorded)
   */
  public ApprovalAnswer decide(
      String runId,
      String decision,
      String comment,
      String app,
      String approver,
      Map<String, Object> formValues) {
    if (!("approve".equals(decision) || "reject".equals(decision))) {
      throw ApiProblem.badRequest(
          "Expected 'decision' to be 'approve' or 'reject', but it was "
              + (decision == null ? "missing" : "'" + decision + "'"));
    }
    if (comment != null && comment.length() > 1000) {
      throw ApiProblem.badRequest(
          "Expected a comment of at most 1000 characters, but it has " + comment.length());
    }
    checkFormAgrees(decision, formValues.get("approved"));
    Run run =
        runs.find(runId)
            .orElseThrow(
                () -> ApiProblem.notFound("Expected a run '" + runId + "', but there is none"));
    if (!Run.RELEASE.equals(run.kind()) || run.processInstanceKey() == null) {
      throw ApiProblem.conflict(
          "Expected a release run waiting for approval, but '" + runId + "' is a " + run.kind());
    }
    List<UserTask> tasks = waitingTasks(run.processInstanceKey());
    if (tasks.isEmpty()) {
      throw ApiProblem.conflict(
          "Expected run '" + runId + "' to wait for an approval, but none is waiting");
    }
    long userTaskKey;
    if (app == null && tasks.size() == 1) {
      // One app waits: no need to ask the engine which.
      userTaskKey = tasks.get(0).getUserTaskKey();
    } else {
      Map<String, Long> byApp = byApp(run.processInstanceKey(), tasks);
      if (app == null) {
        throw ApiProblem.badRequest(
            "Expected 'app' to say which approval, as several wait: " + byApp.keySet());
      }
      if (!byApp.containsKey(app)) {
        throw ApiProblem.notFound(
            "Expected an approval waiting for '" + app + "', but only " + byApp.keySet() + " wait");
      }
      userTaskKey = byApp.get(app);
    }
    // Checked once an approval is known to wait, so a refusal is only ever about a real decision.
    if (!properties.allowSelfApproval() && approver != null && approver.equals(run.startedBy())) {
      throw ApiProblem.forbidden(
          "Expected the release to be approved or rejected by someone other than who started it,"
              + " but "
              + approver
              + " started run '"
              + runId
              + "' (rule: no self-approval; set "
              + ApprovalProperties.ALLOW_SELF_APPROVAL
              + "=true to allow it)");
    }
    boolean approved = "approve".equals(decision);
    Map<String, Object> variables = new HashMap<>();
    formValues.forEach(
        (name, value) -> {
          if (!DECISION_VARIABLES.contains(name)) {
            variables.put(name, value);
          }
        });
    variables.put("approved", approved);
    variables.put("approver", approver);
    variables.put("approvalComment", comment);
    variables.put("approvedAt", clock.instant().toString());
    camunda.newCompleteUserTaskCommand(userTaskKey).variables(variables).send().join();
    return new ApprovalAnswer(runId, app != null ? app : run.app(), approved, approver);
  }

  /** Every approval waiting, on every run, oldest task first. */
  public List<Waiting> waiting() {
    List<UserTask> tasks =
        camunda
            .newUserTaskSearchRequest()
            .filter(f -> f.elementId(APPROVAL_ELEMENT).state(UserTaskState.CREATED))
            .page(p -> p.limit(200))
            .send()
            .join()
            .items();
    Map<Long, List<UserTask>> byInstance = new TreeMap<>();
    tasks.forEach(
        t -> byInstance.computeIfAbsent(t.getProcessInstanceKey(), k -> new ArrayList<>()).add(t));
    List<Waiting> waiting = new ArrayList<>();
    byInstance.forEach(
        (instance, ofInstance) -> {
          String runId = runs.findByProcessInstance(instance).map(Run::runId).orElse(null);
          if (runId == null) {
            return;
          }
          Map<Long, String> appOf = new HashMap<>();
          byApp(instance, ofInstance).forEach((app, key) -> appOf.put(key, app));
          ofInstance.forEach(
              t ->
                  waiting.add(
                      new Waiting(
                          runId, appOf.get(t.getUserTaskKey()), t.getUserTaskKey(), instance)));
        });
    return waiting;
  }

  /** The open approval tasks of the instance. */
  /**
   * A form's own decision field (Tasklist's "approved") may come along; it must say what the
   * decision says, as a release approved by one and rejected by the other is no decision.
   */
  private static void checkFormAgrees(String decision, Object formDecision) {
    if (formDecision == null) {
      return;
    }
    if (!(formDecision instanceof Boolean approved)) {
      throw ApiProblem.badRequest(
          "Expected the form's 'approved' to be true or false, but it was '" + formDecision + "'");
    }
    if (approved != "approve".equals(decision)) {
      throw ApiProblem.badRequest(
          "Expected the form's 'approved' to agree with the decision '"
              + decision
              + "', but it says "
              + approved
              + "; send one decision");
    }
  }

  private List<UserTask> waitingTasks(long processInstanceKey) {
    return camunda
        .newUserTaskSearchRequest()
        .filter(
            f ->
                f.processInstanceKey(processInstanceKey)
                    .elementId(APPROVAL_ELEMENT)
                    .state(UserTaskState.CREATED))
        .send()
        .join()
        .items();
  }

  /**
   * The tasks by the app each approves: the task's {@code app} input, a variable local to the
   * task's element instance. One variable search for all of them (Camunda serves it from the same
   * index as the user-task search), rather than one request per task.
   */
  private Map<String, Long> byApp(long processInstanceKey, List<UserTask> tasks) {
    Map<Long, Long> taskByScope = new HashMap<>();
    tasks.forEach(t -> taskByScope.put(t.getElementInstanceKey(), t.getUserTaskKey()));
    Map<String, Long> byApp = new TreeMap<>();
    camunda
        .newVariableSearchRequest()
        .filter(
            f ->
                f.processInstanceKey(processInstanceKey)
                    .name("app")
                    .scopeKey(k -> k.in(List.copyOf(taskByScope.keySet()))))
        .page(p -> p.limit(tasks.size()))
        .send()
        .join()
        .items()
        .forEach(
            v ->
                byApp.put(
                    json.readValue(v.getValue(), String.class), taskByScope.get(v.getScopeKey())));
    return byApp;
  }
}
