package io.modelship.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.ReleaseLocks;
import io.modelship.trigger.SignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each endpoint's 4xx answers: problem+json naming what is wrong, and nothing started. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:api-web;DB_CLOSE_DELAY=-1",
      "camunda.client.worker.defaults.enabled=false",
      "modelship.pipeline.deploy-on-start=false",
      "modelship.api.users[0].name=operator",
      "modelship.api.users[0].password=operator-pass",
      "modelship.api.users[0].roles=trigger,read,release-managers",
      "modelship.api.users[1].name=second-manager",
      "modelship.api.users[1].password=second-pass",
      "modelship.api.users[1].roles=read,release-managers",
      "modelship.pipeline.apps.model-api.repository-url=file:/nonexistent/model-api.git",
      "modelship.pipeline.apps.model-api.github-repository=acme/model-api",
      "modelship.pipeline.apps.model-api.azure-dev-ops-repository=model-api",
      "modelship.webhooks.github-secret=gh-secret-1",
      "modelship.webhooks.azure-dev-ops-username=hook",
      "modelship.webhooks.azure-dev-ops-password=hook-pass"
    })
class ApiWebTest {

  private static final String AUTH = ApiSecurityTest.basic("operator", "operator-pass");
  private static final String SECOND_MANAGER =
      ApiSecurityTest.basic("second-manager", "second-pass");

  @LocalServerPort int port;
  @Autowired ReleaseLocks locks;
  @Autowired ReleaseLedger ledger;
  @Autowired JdbcClient jdbc;
  @Autowired CamundaClient camunda;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldRefuseABuildWithoutAppOrWithABadCommitOrAnUnknownApp() throws Exception {
    // when
    HttpResponse<String> noBody = post("/api/builds", "", AUTH);
    HttpResponse<String> badSha =
        post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"XYZ\"}", AUTH);
    HttpResponse<String> unknown =
        post("/api/builds", "{\"app\":\"nope\",\"commitSha\":\"abcdef1\"}", AUTH);
    // then
    assertProblem(noBody, 400, "Expected a JSON body with 'app'");
    assertProblem(badSha, 400, "Expected commitSha to be 7 to 64 lowercase hex digits");
    assertProblem(unknown, 404, "Expected an app configured under modelship.pipeline.apps");
    assertThat(builds()).isZero();
  }

  @Test
  void shouldAnswer409NamingTheRunningReleaseOfABusyApp() throws Exception {
    // given: a release claimed the app a moment ago
    locks.claim("model-api", "20261125-020000-abcdef", null, lock -> false);
    try {
      // when
      HttpResponse<String> second = post("/api/releases", "{\"app\":\"model-api\"}", AUTH);
      // then
      assertProblem(second, 409, "run 20261125-020000-abcdef is releasing it");
      assertThat(second.body()).contains("\"runningRunId\":\"20261125-020000-abcdef\"");
    } finally {
      locks.release("model-api", "20261125-020000-abcdef");
    }
  }

  @Test
  void shouldRefuseAReleaseOfAnUnknownApp() throws Exception {
    assertProblem(post("/api/releases", "{\"app\":\"nope\"}", AUTH), 404, "but got 'nope'");
  }

  @Test
  void shouldAnswer4xxForUnknownRunsLogsAndBadQueries() throws Exception {
    assertProblem(get("/api/runs?limit=0"), 400, "Expected limit between 1 and 500");
    assertProblem(get("/api/runs/no-such-run"), 404, "Expected a run 'no-such-run'");
    assertProblem(get("/api/runs/no-such-run/steps/deploy/log"), 404, "Expected a log");
    assertProblem(get("/api/runs/no-such-run/steps/..x/log"), 400, "Expected step to match");
    assertProblem(get("/api/environments/Prod!"), 400, "Expected an environment name");
  }

  @Test
  void shouldShowAnEmptyEnvironment() throws Exception {
    HttpResponse<String> staging = get("/api/environments/nowhere");
    assertThat(staging.statusCode()).isEqualTo(200);
    assertThat(staging.body()).contains("\"apps\":[]");
  }

  @Test
  void shouldRefuseAnApprovalWithABadDecisionOrForARunThatIsNoRelease() throws Exception {
    // given
    ledger.startBuild(
        "20261125-100000-bbbbbb", "approval-test", "file:/x", "main", "abcdef1", null);
    jdbc.sql(
            "insert into runs (run_id, kind, app, started_by, created_at)"
                + " values ('20261125-100000-bbbbbb', 'build', 'model-api', 'operator', now())")
        .update();
    // when
    HttpResponse<String> badDecision =
        post("/api/runs/20261125-100000-bbbbbb/approval", "{\"decision\":\"maybe\"}", AUTH);
    HttpResponse<String> unknownRun =
        post("/api/runs/nope/approval", "{\"decision\":\"approve\"}", AUTH);
    HttpResponse<String> notARelease =
        post("/api/runs/20261125-100000-bbbbbb/approval", "{\"decision\":\"approve\"}", AUTH);
    // then
    assertProblem(badDecision, 400, "Expected 'decision' to be 'approve' or 'reject'");
    assertProblem(unknownRun, 404, "Expected a run 'nope'");
    assertProblem(notARelease, 409, "Expected a release run waiting for approval");
  }

  @Test
  void shouldRefuseAnApprovalWithALongCommentOrWhenNoApprovalWaits() throws Exception {
    // given: a release run whose instance waits for nothing
    jdbc.sql(
            "insert into runs (run_id, kind, app, process_instance_key, started_by, created_at)"
                + " values ('20261125-100000-cccccc', 'release', 'model-api', 4242, 'operator',"
                + " now())")
        .update();
    // when
    HttpResponse<String> longComment =
        post(
            "/api/runs/20261125-100000-cccccc/approval",
            "{\"decision\":\"approve\",\"comment\":\"" + "x".repeat(1001) + "\"}",
            AUTH);
    HttpResponse<String> nothingWaits =
        post("/api/runs/20261125-100000-cccccc/approval", "{\"decision\":\"approve\"}", AUTH);
    // then
    assertProblem(longComment, 400, "Expected a comment of at most 1000 characters");
    assertProblem(nothingWaits, 409, "to wait for an approval, but none is waiting");
  }

  @Test
  void shouldRefuseTheReleasesStarterAsApproverWith403AndLeaveTheApprovalOpen() throws Exception {
    // given: a release operator started, waiting in "Approve production release" on the engine
    camunda
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("self-approval")
                .startEvent()
                .userTask(Approvals.APPROVAL_ELEMENT)
                .zeebeUserTask()
                .endEvent()
                .done(),
            "self-approval.bpmn")
        .send()
        .join();
    long instance =
        camunda
            .newCreateInstanceCommand()
            .bpmnProcessId("self-approval")
            .latestVersion()
            .send()
            .join()
            .getProcessInstanceKey();
    jdbc.sql(
            "insert into runs (run_id, kind, app, process_instance_key, started_by, created_at)"
                + " values ('20261125-100000-dddddd', 'release', 'model-api', ?, 'operator',"
                + " now())")
        .params(instance)
        .update();
    awaitApprovalTasks(instance, UserTaskState.CREATED);
    // when: the starter approves
    HttpResponse<String> self =
        post("/api/runs/20261125-100000-dddddd/approval", "{\"decision\":\"approve\"}", AUTH);
    // then: 403 naming the rule and the property, and the approval still waits
    assertProblem(self, 403, "but operator started run '20261125-100000-dddddd'");
    assertThat(self.body())
        .contains("no self-approval")
        .contains("modelship.approvals.allow-self-approval=true");
    assertThat(approvalTasks(instance, UserTaskState.CREATED)).hasSize(1);
    // when: another release manager approves
    HttpResponse<String> other =
        post(
            "/api/runs/20261125-100000-dddddd/approval",
            "{\"decision\":\"approve\"}",
            SECOND_MANAGER);
    // then
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    assertThat(other.body()).contains("\"approver\":\"second-manager\"");
    awaitApprovalTasks(instance, UserTaskState.COMPLETED);
  }

  @Test
  void shouldRefuseAnIncidentRetryWithABadKeyOrRetriesOrAnUnknownIncident() throws Exception {
    assertThat(post("/api/incidents/abc/retry", "", AUTH).statusCode()).isEqualTo(400);
    assertProblem(post("/api/incidents/1/retry", "{\"retries\":0}", AUTH), 400, "Expected retries");
    assertProblem(
        post("/api/incidents/424242/retry", "{}", AUTH),
        404,
        "Expected an incident 424242, but there is none");
  }

  @Test
  void shouldRefuseABodyThatIsNotJson() throws Exception {
    assertProblem(
        post("/api/builds", "{not json", AUTH), 400, "Expected a JSON body, but it cannot be read");
    assertProblem(
        post("/api/releases", "[1,2", AUTH), 400, "Expected a JSON body, but it cannot be read");
  }

  @Test
  void shouldRefuseAGithubDeliveryWithABadOrMissingSignatureAndStartNothing() throws Exception {
    // given
    String push = githubPush("acme/model-api", "refs/heads/main", "a".repeat(40));
    // when
    HttpResponse<String> wrongSecret =
        github("push", "d-1", SignatureVerifier.sign("not-the-secret", bytes(push)), push);
    HttpResponse<String> missing = github("push", "d-2", null, push);
    HttpResponse<String> tampered =
        github(
            "push",
            "d-3",
            SignatureVerifier.sign("gh-secret-1", bytes(push)),
            push.replace("main", "evil"));
    // then
    assertProblem(wrongSecret, 401, "Expected X-Hub-Signature-256");
    assertProblem(missing, 401, "but it is missing");
    assertProblem(tampered, 401, "Expected X-Hub-Signature-256");
    assertThat(wrongSecret.body()).doesNotContain("gh-secret-1");
    assertThat(builds()).isZero();
    assertThat(deliveries()).isZero();
  }

  @Test
  void shouldAnswer404ForAnUnknownRepositoryAndIgnoreOtherBranchesAndEvents() throws Exception {
    // given
    String unknown = githubPush("acme/other", "refs/heads/main", "b".repeat(40));
    String feature = githubPush("acme/model-api", "refs/heads/feature", "c".repeat(40));
    // when
    HttpResponse<String> notFound = github("push", "d-4", sign(unknown), unknown);
    HttpResponse<String> ignored = github("push", "d-5", sign(feature), feature);
    HttpResponse<String> ping = github("ping", "d-6", sign("{}"), "{}");
    HttpResponse<String> notJson = github("push", "d-7", sign("not json"), "not json");
    // then
    assertProblem(notFound, 404, "'acme/other' is not");
    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.body()).contains("branch feature does not build");
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).contains("pong");
    assertProblem(notJson, 400, "Expected a JSON push event");
    assertThat(builds()).isZero();
  }

  @Test
  void shouldRefuseAnAzureDevOpsHookWithAWrongSecretOrAnUnknownRepository() throws Exception {
    // given
    String push =
        "{\"id\":\"e-1\",\"eventType\":\"git.push\",\"resource\":{\"repository\":{\"name\":\"%s\"},"
            + "\"refUpdates\":[{\"name\":\"refs/heads/main\",\"newObjectId\":\"%s\"}]}}";
    // when
    HttpResponse<String> wrong =
        post(
            "/webhooks/azure-devops",
            push.formatted("model-api", "d".repeat(40)),
            ApiSecurityTest.basic("hook", "wrong"));
    HttpResponse<String> none =
        post("/webhooks/azure-devops", push.formatted("model-api", "d".repeat(40)), null);
    HttpResponse<String> unknown =
        post(
            "/webhooks/azure-devops",
            push.formatted("other", "d".repeat(40)),
            ApiSecurityTest.basic("hook", "hook-pass"));
    // then
    assertProblem(wrong, 401, "Expected the service hook's basic auth");
    assertProblem(none, 401, "Expected the service hook's basic auth");
    assertProblem(unknown, 404, "'other' is not");
    assertThat(builds()).isZero();
  }

  @Test
  void shouldServeTheOpenApiDocumentWithoutCredentials() throws Exception {
    HttpResponse<String> doc = send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build());
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.body()).contains("/api/builds").contains("/api/runs/{runId}/approval");
  }

  private List<UserTask> approvalTasks(long instance, UserTaskState state) {
    return camunda
        .newUserTaskSearchRequest()
        .filter(
            f -> f.processInstanceKey(instance).elementId(Approvals.APPROVAL_ELEMENT).state(state))
        .send()
        .join()
        .items();
  }

  /** The engine's searches follow its writes shortly after: waits up to 10 s for one such task. */
  private void awaitApprovalTasks(long instance, UserTaskState state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (approvalTasks(instance, state).isEmpty()) {
      assertThat(System.nanoTime())
          .as("an approval task %s of %d", state, instance)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private long builds() {
    return jdbc.sql("select count(*) from builds where app = 'model-api' and status = 'running'")
        .query(Long.class)
        .single();
  }

  private long deliveries() {
    return jdbc.sql("select count(*) from webhook_deliveries").query(Long.class).single();
  }

  private static String githubPush(String repository, String ref, String sha) {
    return "{\"ref\":\"%s\",\"after\":\"%s\",\"deleted\":false,\"repository\":{\"full_name\":\"%s\"}}"
        .formatted(ref, sha, repository);
  }

  private static String sign(String body) {
    return SignatureVerifier.sign("gh-secret-1", bytes(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> github(String event, String delivery, String signature, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/webhooks/github"))
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", delivery)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    return send(request.build());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH).GET().build());
  }

  private HttpResponse<String> post(String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains(detail);
  }
}
