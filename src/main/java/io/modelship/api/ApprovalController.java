package io.modelship.api;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approves or rejects a release waiting in "Approve production release". The approver is the
 * signed-in user (role {@code release-managers}); the body has no say in who approved.
 */
@RestController
class ApprovalController {

  static final String APPROVAL_ELEMENT = "approve-production";

  /**
   * @param decision {@code approve} or {@code reject}
   * @param comment why, shown in the ledger
   * @param app which app's approval, when several of the run wait
   */
  record ApprovalBody(String decision, String comment, String app) {}

  record ApprovalAnswer(String runId, String app, boolean approved, String approver) {}

  private final Runs runs;
  private final CamundaClient camunda;
  private final Clock clock;
  private final JsonMapper json;

  ApprovalController(Runs runs, CamundaClient camunda, Clock clock, JsonMapper json) {
    this.runs = runs;
    this.camunda = camunda;
    this.clock = clock;
    this.json = json;
  }

  @Operation(summary = "Approve or reject a release waiting for approval")
  @PostMapping("/api/runs/{runId}/approval")
  ApprovalAnswer decide(
      @PathVariable String runId,
      @RequestBody(required = false) ApprovalBody body,
      Principal user) {
    if (body == null || !("approve".equals(body.decision()) || "reject".equals(body.decision()))) {
      throw ApiProblem.badRequest(
          "Expected 'decision' to be 'approve' or 'reject', but it was "
              + (body == null ? "missing" : "'" + body.decision() + "'"));
    }
    if (body.comment() != null && body.comment().length() > 1000) {
      throw ApiProblem.badRequest(
          "Expected a comment of at most 1000 characters, but it has " + body.comment().length());
    }
    Run run =
        runs.find(runId)
            .orElseThrow(
                () -> ApiProblem.notFound("Expected a run '" + runId + "', but there is none"));
    if (!Run.RELEASE.equals(run.kind()) || run.processInstanceKey() == null) {
      throw ApiProblem.conflict(
          "Expected a release run waiting for approval, but '" + runId + "' is a " + run.kind());
    }
    List<UserTask> tasks = waitingApprovals(run.processInstanceKey());
    if (tasks.isEmpty()) {
      throw ApiProblem.conflict(
          "Expected run '" + runId + "' to wait for an approval, but none is waiting");
    }
    String app = body.app();
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
    boolean approved = "approve".equals(body.decision());
    Map<String, Object> variables = new HashMap<>();
    variables.put("approved", approved);
    variables.put("approver", user.getName());
    variables.put("approvalComment", body.comment());
    variables.put("approvedAt", clock.instant().toString());
    camunda.newCompleteUserTaskCommand(userTaskKey).variables(variables).send().join();
    return new ApprovalAnswer(runId, app != null ? app : run.app(), approved, user.getName());
  }

  /** The open approval tasks of the instance. */
  private List<UserTask> waitingApprovals(long processInstanceKey) {
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
