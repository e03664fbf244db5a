package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.response.Incident;
import io.modelship.release.Build;
import io.modelship.release.StepRecord;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import io.modelship.trigger.SignatureVerifier;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * commit-build on the packaged jar's engine, through the API, the webhooks and the real workers;
 * the engine's side checked with Camunda Process Test's assertions.
 */
@Import(TestSteps.class)
class CommitBuildProcessIT extends ProcessTestSupport {

  @Test
  void shouldPublishTheImageAndRecordTheBuild() {
    // given
    String sha = fixture.commit("www/version.json", "{\"version\":\"happy\"}\n");
    // when
    Build build = build(sha);
    // then
    assertThat(build.status()).isEqualTo(Build.SUCCEEDED);
    assertThat(build.imageDigest()).startsWith("sha256:");
    assertThat(build.image()).endsWith("@" + build.imageDigest());
    assertThat(build.modelSha256()).hasSize(64);
    assertThat(build.testSummary()).isEqualTo("3 tests, 0 failures, 0 errors, 0 skipped");
    assertThat(manifestPutsFor(sha)).hasSize(1);
    assertThatProcessInstance(byKey(processInstanceOf(build.runId())))
        .isCompleted()
        // Not hasCompletedElementsInOrder: CPT orders by startDate, which the pinned clock makes
        // equal for all, and the engine does not break the tie by key as Camunda 8 does.
        .hasCompletedElements(
            "fetch-source",
            "fetch-model",
            "fetch",
            "run-tests",
            "build-image",
            "push-image",
            "record-build",
            "image-published")
        .hasNotActivatedElements("build-failed")
        .hasVariable("imageDigest", build.imageDigest())
        .hasVariable("modelSha256", build.modelSha256())
        .hasVariable("buildOutcome", "image-published")
        .hasNoActiveIncidents();
    HttpResponse<String> run = get("/api/runs/" + build.runId());
    assertThat(run.body()).contains("\"step\":\"push-image\"").contains("\"state\":\"succeeded\"");
  }

  @Test
  void shouldEndAsBuildFailedWhenTheTestsFail() {
    // given
    String sha = fixture.commit("www/version.json", "{\"version\":\"failing\"}\n");
    script.failNext(
        "run-tests",
        1,
        () ->
            new io.modelship.step.BusinessOutcomeException(
                io.modelship.step.ErrorCode.TESTS_FAILED, "3 tests, 1 failures"));
    // when
    Build build = build(sha);
    // then
    assertThat(build.status()).isEqualTo(Build.FAILED);
    assertThat(build.failureCode()).isEqualTo("TESTS_FAILED");
    assertThat(build.failureReason()).isEqualTo("3 tests, 1 failures");
    assertThat(steps.find(build.runId(), "build-image")).isEmpty();
    assertEndedAsBuildFailed(build, "tests-failed", "3 tests, 1 failures");
  }

  @Test
  void shouldEndAsBuildFailedWhenThePipelineFileIsInvalid() {
    // given
    String sha = fixture.commit(".modelship.yaml", "app: Not Valid!\n");
    try {
      // when
      Build build = build(sha);
      // then
      assertThat(build.failureCode()).isEqualTo("CONFIG_INVALID");
      assertThat(build.failureReason()).contains("app");
      assertEndedAsBuildFailed(build, "config-invalid", build.failureReason());
    } finally {
      fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
    }
  }

  @Test
  void shouldEndAsBuildFailedWhenTheModelIsMissingOrItsDigestDiffers() {
    // given
    String missing =
        fixture.commit(
            ".modelship.yaml",
            fixture.pipelineFile(null, "www").replace(PipelineFixture.MODEL, "digits/none.bin"));
    String mismatch =
        fixture.commit(".modelship.yaml", fixture.pipelineFile("0".repeat(64), "www"));
    try {
      // when
      Build notFound = build(missing);
      Build integrity = build(mismatch);
      // then
      assertThat(notFound.failureCode()).isEqualTo("MODEL_NOT_FOUND");
      assertThat(integrity.failureCode()).isEqualTo("MODEL_INTEGRITY");
      assertEndedAsBuildFailed(notFound, "model-not-found", notFound.failureReason());
      assertEndedAsBuildFailed(integrity, "model-integrity", integrity.failureReason());
    } finally {
      fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
    }
  }

  @Test
  void shouldEndAsBuildFailedWhenTheImageCannotBeBuilt() {
    // given: the app's files name a folder that does not exist
    String sha = fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "no-such-folder"));
    try {
      // when
      Build build = build(sha);
      // then
      assertThat(build.failureCode()).isEqualTo("IMAGE_BUILD_FAILED");
      assertThat(manifestPutsFor(sha)).isEmpty();
      assertEndedAsBuildFailed(build, "image-build-failed", build.failureReason());
    } finally {
      fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
    }
  }

  @Test
  void shouldSucceedWhenATransientFailureIsRetried() {
    // given
    String sha = fixture.commit("www/version.json", "{\"version\":\"flaky\"}\n");
    script.failNext("fetch-model", 1, () -> new TransientStepException("503 from the store"));
    // when
    String runId =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    retryAfterBackoff(runId, "fetch-model", 1);
    Build build = awaitBuild(runId);
    // then
    assertThat(build.status()).isEqualTo(Build.SUCCEEDED);
    StepRecord fetch = steps.find(build.runId(), "fetch-model").orElseThrow();
    assertThat(fetch.attempts()).isEqualTo(2);
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .hasCompletedElements("image-published")
        .hasNoActiveIncidents();
  }

  @Test
  void shouldOpenAnIncidentWhenRetriesRunOutAndContinueOnceItIsRetried() {
    // given: three transient failures use up the task's three retries
    String sha = fixture.commit("www/version.json", "{\"version\":\"incident\"}\n");
    script.failNext("run-tests", 3, () -> new TransientStepException("runner unreachable"));
    HttpResponse<String> started =
        post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}");
    String runId = runIdOf(started);
    retryAfterBackoff(runId, "run-tests", 2);
    // when
    long instance = processInstanceOf(runId);
    Incident incident = awaitIncident(instance);
    assertThat(incident.getElementId()).isEqualTo("run-tests");
    assertThatProcessInstance(byKey(instance)).isActive().hasActiveElements("run-tests");
    assertThat(get("/api/runs/" + runId).body())
        .contains("/api/incidents/" + incident.getIncidentKey());
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{}");
    // then
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(awaitBuild(runId).status()).isEqualTo(Build.SUCCEEDED);
    assertThat(script.calls("run-tests")).isEqualTo(4);
    assertThatProcessInstance(byKey(instance))
        .hasCompletedElements("image-published")
        .hasNoActiveIncidents();
  }

  @Test
  void shouldBuildOnceWhenTheSameCommitIsRequestedTwice() {
    // given
    String sha = fixture.commit("www/version.json", "{\"version\":\"twice\"}\n");
    String first =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    // when
    HttpResponse<String> second =
        post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}");
    // then
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(runIdOf(second)).isEqualTo(first);
    assertThat(awaitBuild(first).status()).isEqualTo(Build.SUCCEEDED);
  }

  @Test
  void shouldStartOneBuildForADuplicateWebhookDeliveryAndNoneForABadSignature() {
    // given
    String sha = fixture.commit("www/version.json", "{\"version\":\"webhook\"}\n");
    String push =
        "{\"ref\":\"refs/heads/main\",\"after\":\"%s\",\"repository\":{\"full_name\":\"acme/model-api\"}}"
            .formatted(sha);
    // when
    HttpResponse<String> forged = github("delivery-0", push, "wrong-secret");
    HttpResponse<String> first = github("delivery-1", push, GITHUB_SECRET);
    HttpResponse<String> again = github("delivery-1", push, GITHUB_SECRET);
    // then
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"duplicate\":true");
    assertThat(runIdOf(again)).isEqualTo(runIdOf(first));
    assertThat(awaitBuild(runIdOf(first)).status()).isEqualTo(Build.SUCCEEDED);
    assertThat(runs.newest(100).stream().filter(r -> "webhook:github".equals(r.startedBy())))
        .hasSize(1);
  }

  @Test
  void shouldKeepEveryConfiguredSecretOutOfLogsVariablesAndAnswers() {
    // given: the app's test command and the tests' failure both carry every configured secret
    List<String> secrets =
        List.of(
            API_TOKEN,
            OPERATOR_PASSWORD,
            APPROVER_PASSWORD,
            GITHUB_SECRET,
            AZURE_DEVOPS_PASSWORD,
            LEDGER_PASSWORD);
    String leak = String.join(" ", secrets);
    String sha =
        fixture.commit(
            ".modelship.yaml",
            fixture
                .pipelineFile(null, "www")
                .replace("command: [\"true\"]", "command: [\"echo\", \"" + leak + "\"]"));
    script.failNext(
        "run-tests",
        1,
        () -> new BusinessOutcomeException(ErrorCode.TESTS_FAILED, "the tests printed " + leak));
    try {
      // when
      Build build = build(sha);
      // then
      assertThat(build.failureCode()).isEqualTo("TESTS_FAILED");
      String log = get("/api/runs/" + build.runId() + "/steps/run-tests/log").body();
      String variables =
          camunda
              .newVariableSearchRequest()
              .filter(f -> f.processInstanceKey(processInstanceOf(build.runId())))
              .page(p -> p.limit(1000))
              .send()
              .join()
              .items()
              .stream()
              .map(v -> v.getName() + "=" + v.getValue())
              .reduce("", (a, b) -> a + "\n" + b);
      String answers =
          get("/api/runs/" + build.runId()).body()
              + get("/api/runs").body()
              + getWithToken("/api/runs/" + build.runId()).body();
      assertThat(log).contains("ran [echo, " + SecretMasker.MASK);
      assertThat(variables).contains("failureReason=\"the tests printed " + SecretMasker.MASK);
      assertThat(answers).contains("the tests printed " + SecretMasker.MASK);
      for (String secret : secrets) {
        assertThat(log).as("the step log").doesNotContain(secret);
        assertThat(variables).as("the process variables").doesNotContain(secret);
        assertThat(answers).as("the API's answers").doesNotContain(secret);
        assertThat(build.failureReason()).as("the ledger").doesNotContain(secret);
      }
    } finally {
      fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
    }
  }

  /** The instance went through the error boundary to "build failed", its reason a variable. */
  private void assertEndedAsBuildFailed(Build build, String boundary, String reason) {
    assertThatProcessInstance(byKey(processInstanceOf(build.runId())))
        .isCompleted()
        .hasCompletedElements(boundary, "record-build-failure", "build-failed")
        .hasNotActivatedElements("push-image", "image-published")
        .hasVariable("buildOutcome", "build-failed")
        .hasVariable("failureCode", build.failureCode())
        .hasVariable("failureReason", reason);
  }

  private HttpResponse<String> github(String delivery, String body, String secret) {
    return send(
        HttpRequest.newBuilder(uri("/webhooks/github"))
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", delivery)
            .header(
                "X-Hub-Signature-256",
                SignatureVerifier.sign(secret, body.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
