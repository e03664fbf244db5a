package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.modelship.api.Approvals;
import io.modelship.release.Runs;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's sign-in: form login with session and CSRF on the console's paths only, roles as in
 * the API, and {@code /api/**} exactly as before (basic or bearer, no session).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:console-security;DB_CLOSE_DELAY=-1",
      "camunda.client.worker.defaults.enabled=false",
      "modelship.pipeline.deploy-on-start=false",
      "modelship.api.users[0].name=reader",
      "modelship.api.users[0].password=reader-pass",
      "modelship.api.users[0].roles=read",
      "modelship.api.users[1].name=manager",
      "modelship.api.users[1].password=manager-pass",
      "modelship.api.users[1].roles=read,release-managers",
      "modelship.api.users[2].name=second-manager",
      "modelship.api.users[2].password=second-pass",
      "modelship.api.users[2].roles=read,release-managers",
      "modelship.api.tokens[0].name=ci",
      "modelship.api.tokens[0].token=ci-token-123",
      "modelship.api.tokens[0].roles=trigger,read"
    })
class ConsoleSecurityTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @LocalServerPort int port;

  @Autowired Runs runs;
  @Autowired CamundaClient camunda;

  @Test
  void shouldSendAnAnonymousVisitorToTheSignInPage() throws Exception {
    // when
    HttpResponse<String> runs = browser().send(get("/"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> login =
        browser().send(get("/login"), HttpResponse.BodyHandlers.ofString());
    // then
    assertThat(runs.statusCode()).isEqualTo(302);
    assertThat(runs.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("name=\"username\"", "name=\"_csrf\"");
  }

  @Test
  void shouldRefuseASignInWithoutCsrfTokenOrWithAWrongPassword() throws Exception {
    // given
    HttpClient browser = browser();
    String token = csrf(browser, "/login");
    // when
    HttpResponse<String> noToken = post(browser, "/login", "username=reader&password=reader-pass");
    HttpResponse<String> wrong =
        post(browser, "/login", "username=reader&password=nope&_csrf=" + encode(token));
    // then
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
  }

  @Test
  void shouldShowPagesToAReaderButRefuseItsPosts() throws Exception {
    // given
    HttpClient browser = signedIn("reader", "reader-pass");
    String token = csrf(browser, "/");
    // when
    HttpResponse<String> runs = browser.send(get("/"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> approve =
        post(browser, "/runs/r-1/approval", "decision=approve&_csrf=" + encode(token));
    HttpResponse<String> retry =
        post(browser, "/runs/r-1/incidents/1/retry", "_csrf=" + encode(token));
    HttpResponse<String> release = post(browser, "/releases", "_csrf=" + encode(token));
    // then
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains("signed in as <strong id=\"signed-in-user\">reader</strong>");
    assertThat(approve.statusCode()).isEqualTo(403);
    assertThat(retry.statusCode()).isEqualTo(403);
    assertThat(release.statusCode()).isEqualTo(403);
    assertThat(approve.body())
        .contains("Expected a role that allows this")
        .doesNotContain("reader-pass");
  }

  @Test
  void shouldLetAReleaseManagerPostAnApprovalAndShowTheRealOutcome() throws Exception {
    // given: a build run (no release, so nothing to approve)
    runs.record("20261207-000000-build1", "build", "model-api", "someone");
    HttpClient browser = signedIn("manager", "manager-pass");
    String token = csrf(browser, "/");
    // when
    HttpResponse<String> unknown =
        post(browser, "/runs/no-such-run/approval", "decision=approve&_csrf=" + encode(token));
    HttpResponse<String> badDecision =
        post(
            browser,
            "/runs/20261207-000000-build1/approval",
            "decision=maybe&_csrf=" + encode(token));
    HttpResponse<String> afterBadDecision =
        browser.send(get("/runs/20261207-000000-build1"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> noRelease =
        post(
            browser,
            "/runs/20261207-000000-build1/approval",
            "decision=approve&_csrf=" + encode(token));
    HttpResponse<String> afterNoRelease =
        browser.send(get("/runs/20261207-000000-build1"), HttpResponse.BodyHandlers.ofString());
    // then: past security, the approval logic answers, and the run page says what it said
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Expected a run &#39;no-such-run&#39;, but there is none");
    assertThat(badDecision.statusCode()).isEqualTo(302);
    assertThat(afterBadDecision.body())
        .contains("Expected &#39;decision&#39; to be &#39;approve&#39; or &#39;reject&#39;");
    assertThat(noRelease.statusCode()).isEqualTo(302);
    assertThat(afterNoRelease.body())
        .contains(
            "Expected a release run waiting for approval, but &#39;20261207-000000-build1&#39; is a"
                + " build");
  }

  @Test
  void shouldOfferNoDecisionToTheReleasesStarterButToAnotherReleaseManager() throws Exception {
    // given: a release the manager started, waiting in "Approve production release"
    releaseWaitingForApproval("console-four-eyes", "20261207-000000-4eyes1", "manager");
    // when
    String starter =
        signedIn("manager", "manager-pass")
            .send(get("/runs/20261207-000000-4eyes1"), HttpResponse.BodyHandlers.ofString())
            .body();
    String other =
        signedIn("second-manager", "second-pass")
            .send(get("/runs/20261207-000000-4eyes1"), HttpResponse.BodyHandlers.ofString())
            .body();
    String otherApprovals =
        signedIn("second-manager", "second-pass")
            .send(get("/approvals"), HttpResponse.BodyHandlers.ofString())
            .body();
    // then: the starter reads why there are no buttons; the other manager has them
    assertThat(starter)
        .contains("another release manager must approve or reject it")
        .contains("modelship.approvals.allow-self-approval")
        .doesNotContain("class=\"primary approve\"")
        .doesNotContain("class=\"danger reject\"");
    assertThat(other)
        .contains("class=\"primary approve\"", "class=\"danger reject\"")
        .doesNotContain("another release manager must");
    assertThat(otherApprovals).contains("class=\"primary approve\"");
  }

  @Test
  void shouldRefuseAnApprovalWhoseFormSaysTheOppositeOfItsButtonAndKeepItWaiting()
      throws Exception {
    // given: a release someone else started, waiting in "Approve production release"
    long instance =
        releaseWaitingForApproval("console-disagree", "20261207-000000-dis001", "someone");
    HttpClient browser = signedIn("manager", "manager-pass");
    String token = csrf(browser, "/");
    // when: Approve, with the form's own decision field (Tasklist's) saying reject
    HttpResponse<String> disagreeing =
        post(
            browser,
            "/runs/20261207-000000-dis001/approval",
            "decision=approve&formValues="
                + encode("{\"approved\":false,\"approvalComment\":\"looks fine\"}")
                + "&_csrf="
                + encode(token));
    String after =
        browser
            .send(get("/runs/20261207-000000-dis001"), HttpResponse.BodyHandlers.ofString())
            .body();
    // then: the page names the disagreement, and the approval still waits, undecided
    assertThat(disagreeing.statusCode()).isEqualTo(302);
    assertThat(after)
        .contains(
            "Expected the form&#39;s &#39;approved&#39; to agree with the decision"
                + " &#39;approve&#39;, but it says false");
    assertThat(
            camunda
                .newUserTaskSearchRequest()
                .filter(
                    f ->
                        f.processInstanceKey(instance)
                            .elementId(Approvals.APPROVAL_ELEMENT)
                            .state(UserTaskState.CREATED))
                .send()
                .join()
                .items())
        .hasSize(1);
  }

  @Test
  void shouldAnswerTheMarksOfAnActiveRunWithoutTheDiagramsXml() throws Exception {
    // given: a run waiting in a user task
    camunda
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("console-marks")
                .startEvent("marks-start")
                .userTask("marks-wait")
                .zeebeUserTask()
                .endEvent()
                .done(),
            "console-marks.bpmn")
        .send()
        .join();
    long instance =
        camunda
            .newCreateInstanceCommand()
            .bpmnProcessId("console-marks")
            .latestVersion()
            .send()
            .join()
            .getProcessInstanceKey();
    runs.record("20261207-000000-marks1", "build", "model-api", "someone");
    runs.attachProcessInstance("20261207-000000-marks1", instance);
    HttpClient browser = signedIn("reader", "reader-pass");
    String marksPath = "/runs/20261207-000000-marks1/marks.json";
    Instant until = Instant.now().plusSeconds(30);
    HttpResponse<String> marks =
        browser.send(json(marksPath), HttpResponse.BodyHandlers.ofString());
    while (!marks.body().contains("\"marks-wait\":\"active\"")) {
      assertThat(Instant.now())
          .as("the user task marked active within 30 s, but the marks are %s", marks.body())
          .isBefore(until);
      Thread.sleep(100);
      marks = browser.send(json(marksPath), HttpResponse.BodyHandlers.ofString());
    }
    // when
    HttpResponse<String> diagram =
        browser.send(
            json("/runs/20261207-000000-marks1/diagram.json"),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        browser.send(json("/runs/no-such-run/marks.json"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> malformed =
        browser.send(json("/runs/a%20b/marks.json"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> anonymous =
        browser().send(json(marksPath), HttpResponse.BodyHandlers.ofString());
    // then: the marks and the state, no XML; the diagram has both
    assertThat(marks.statusCode()).isEqualTo(200);
    assertThat(marks.body())
        .contains("\"marks-start\":\"done\"", "\"running\":true")
        .doesNotContain("definitions");
    assertThat(diagram.body()).contains("definitions", "\"marks-wait\":\"active\"");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Expected a run 'no-such-run', but there is none");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(anonymous.statusCode()).isNotEqualTo(200);
  }

  /**
   * Deploys a process of one "Approve production release" user task, starts it as the release run
   * {@code runId} of model-api started by {@code startedBy}, and waits until its task is open.
   */
  private long releaseWaitingForApproval(String processId, String runId, String startedBy)
      throws InterruptedException {
    camunda
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess(processId)
                .startEvent()
                .userTask(Approvals.APPROVAL_ELEMENT)
                .zeebeUserTask()
                .endEvent()
                .done(),
            processId + ".bpmn")
        .send()
        .join();
    long instance =
        camunda
            .newCreateInstanceCommand()
            .bpmnProcessId(processId)
            .latestVersion()
            .send()
            .join()
            .getProcessInstanceKey();
    runs.record(runId, "release", "model-api", startedBy);
    runs.attachProcessInstance(runId, instance);
    awaitApproval(instance);
    return instance;
  }

  private void awaitApproval(long instance) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (camunda
        .newUserTaskSearchRequest()
        .filter(f -> f.processInstanceKey(instance).elementId(Approvals.APPROVAL_ELEMENT))
        .send()
        .join()
        .items()
        .isEmpty()) {
      assertThat(Instant.now()).as("an approval task within 30 s").isBefore(until);
      Thread.sleep(100);
    }
  }

  @Test
  void shouldAnswer404And400PagesForUnknownRunsAndMalformedParameters() throws Exception {
    // given
    HttpClient browser = signedIn("reader", "reader-pass");
    // when
    HttpResponse<String> unknown =
        browser.send(get("/runs/no-such-run"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badPage =
        browser.send(get("/?page=-1"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badState =
        browser.send(
            HttpRequest.newBuilder(uri("/runs.json?state=%3Cscript%3E"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badKey =
        browser.send(get("/runs/r-1/steps/a%20b/log"), HttpResponse.BodyHandlers.ofString());
    // then
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body())
        .contains("<span id=\"status\">404</span>")
        .doesNotContain("at io.modelship");
    assertThat(badPage.statusCode()).isEqualTo(400);
    assertThat(badPage.body()).contains("Expected &#39;page&#39; to be a number from 0 to 10000");
    assertThat(badState.statusCode()).isEqualTo(400);
    assertThat(badState.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(badState.body())
        .contains("Expected 'state' to be one of [active, completed, failed,");
    assertThat(badKey.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldKeepTheApiStatelessWithBasicAndBearerAndOutOfTheConsole() throws Exception {
    // when
    HttpResponse<String> basic =
        browser()
            .send(
                HttpRequest.newBuilder(uri("/api/runs"))
                    .header("Authorization", basic("reader", "reader-pass"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> bearer =
        browser()
            .send(
                HttpRequest.newBuilder(uri("/api/runs"))
                    .header("Authorization", "Bearer ci-token-123")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> bearerOnConsole =
        browser()
            .send(
                HttpRequest.newBuilder(uri("/"))
                    .header("Authorization", "Bearer ci-token-123")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> webhook =
        browser()
            .send(
                HttpRequest.newBuilder(uri("/webhooks/github"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // then
    assertThat(basic.statusCode()).isEqualTo(200);
    assertThat(basic.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(bearerOnConsole.statusCode()).isEqualTo(302);
    assertThat(webhook.statusCode()).as(webhook.body()).isNotIn(302, 403);
  }

  private HttpClient signedIn(String user, String password) throws Exception {
    HttpClient browser = browser();
    String token = csrf(browser, "/login");
    HttpResponse<String> login =
        post(
            browser,
            "/login",
            "username=" + user + "&password=" + password + "&_csrf=" + encode(token));
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    return browser;
  }

  private String csrf(HttpClient browser, String path) throws Exception {
    String page = browser.send(get(path), HttpResponse.BodyHandlers.ofString()).body();
    Matcher token = CSRF.matcher(page);
    assertThat(token.find()).as("a CSRF token on %s", path).isTrue();
    return token.group(1);
  }

  private HttpResponse<String> post(HttpClient browser, String path, String form) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").build();
  }

  /** What the run page's script sends: {@code fetch} asks for JSON. */
  private HttpRequest json(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
