package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.response.Incident;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.StepRecord;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * nightly-release on the embedded engine: each app's way from the newest good build through
 * staging, approval and production, and every way out of it.
 */
@Import(TestSteps.class)
class NightlyReleaseProcessIT extends ProcessTestSupport {

  private static final String APP = PipelineFixture.APP;

  @Test
  void shouldReleaseTheNewestBuildAfterApproval() {
    // given
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"release-1\"}\n"));
    // when
    String runId = release();
    awaitApprovalWaiting(runId);
    HttpResponse<String> approved =
        post(
            "/api/runs/" + runId + "/approval",
            "{\"decision\":\"approve\",\"comment\":\"ship it\"}");
    // then
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(approved.body()).contains("\"approver\":\"operator\"");
    assertThat(outcome(runId)).isEqualTo("released");
    Release production = ledger.current(APP, "production").orElseThrow();
    assertThat(production.imageDigest()).isEqualTo(build.imageDigest());
    assertThat(production.approver()).isEqualTo(OPERATOR);
    assertThat(production.approvalComment()).isEqualTo("ship it");
    assertThat(production.outcome()).isEqualTo(Release.RELEASED);
    assertThat(get("/api/environments/production").body())
        .contains(build.imageDigest())
        .contains(build.modelSha256())
        .contains("\"approver\":\"operator\"");
    assertThat(script.calls("deploy:staging")).isEqualTo(1);
    assertThat(script.calls("deploy:production")).isEqualTo(1);
  }

  @Test
  void shouldRebuildTheReleaseBranchWhenOnlyTheModelChanged() {
    // given: the newest build is in production, then data scientists publish a new model
    releaseNewBuild("model-only-1");
    fixture.changeModel();
    // when
    String runId = release();
    awaitApprovalWaiting(runId);
    post("/api/runs/" + runId + "/approval", "{\"decision\":\"approve\"}");
    // then
    assertThat(outcome(runId)).isEqualTo("released");
    Build rebuilt = ledger.findBuild(runId + "-" + APP).orElseThrow();
    assertThat(rebuilt.status()).isEqualTo(Build.SUCCEEDED);
    assertThat(rebuilt.commitSha()).isEqualTo(fixture.head());
    assertThat(ledger.current(APP, "production").orElseThrow().modelSha256())
        .isEqualTo(rebuilt.modelSha256());
  }

  @Test
  void shouldEndAsNotApprovedWhenTheReleaseManagerRejects() {
    // given
    Release before = ledger.current(APP, "production").orElse(null);
    build(fixture.commit("www/version.json", "{\"version\":\"rejected\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    // when
    post("/api/runs/" + runId + "/approval", "{\"decision\":\"reject\",\"comment\":\"not today\"}");
    // then
    assertThat(outcome(runId)).isEqualTo("not-approved");
    assertThat(script.calls("deploy:production")).isZero();
    assertThat(ledger.current(APP, "production").orElse(null)).isEqualTo(before);
    assertThat(lockFree()).isTrue();
  }

  @Test
  void shouldEndAsApprovalExpiredWhenNobodyDecidesInTime() {
    // given
    build(fixture.commit("www/version.json", "{\"version\":\"expired\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    // when: the clock moves past the approval's 8 hours
    camunda
        .newPinClockCommand()
        .time(TEN_O_CLOCK.plus(Duration.ofHours(8).plusMinutes(1)))
        .send()
        .join();
    // then
    assertThat(outcome(runId)).isEqualTo("approval-expired");
    assertThat(script.calls("deploy:production")).isZero();
    assertThat(lockFree()).isTrue();
  }

  @Test
  void shouldRollBackStagingWhenItsSmokeTestFails() {
    // given
    build(fixture.commit("www/version.json", "{\"version\":\"staging-fails\"}\n"));
    script.failNext(
        "smoke-test:staging",
        1,
        () -> new BusinessOutcomeException(ErrorCode.SMOKE_FAILED, "GET / answered 500"));
    // when
    String runId = release();
    // then
    assertThat(outcome(runId)).isEqualTo("staging-failed");
    assertThat(script.calls("rollback:staging")).isEqualTo(1);
    assertThat(script.calls("deploy:production")).isZero();
  }

  @Test
  void shouldRollProductionBackToThePreviousReleaseWhenItsSmokeTestFails() {
    // given
    Release previous = releaseNewBuild("production-before");
    build(fixture.commit("www/version.json", "{\"version\":\"production-fails\"}\n"));
    script.failNext(
        "smoke-test:production",
        1,
        () -> new BusinessOutcomeException(ErrorCode.SMOKE_FAILED, "POST /score answered 500"));
    String runId = release();
    awaitApprovalWaiting(runId);
    // when
    post("/api/runs/" + runId + "/approval", "{\"decision\":\"approve\"}");
    // then
    assertThat(outcome(runId)).isEqualTo("rolled-back");
    assertThat(script.calls("rollback:production")).isEqualTo(1);
    Release current = ledger.current(APP, "production").orElseThrow();
    assertThat(current.imageDigest()).isEqualTo(previous.imageDigest());
    assertThat(current.outcome()).isEqualTo(Release.RESTORED);
    Release failed = ledger.latestOfRun(runId, APP, "production").orElseThrow();
    assertThat(failed.outcome()).isIn(Release.ROLLED_BACK, Release.RESTORED);
  }

  @Test
  void shouldRefuseASecondReleaseOfABusyAppNamingTheRunningOne() {
    // given
    build(fixture.commit("www/version.json", "{\"version\":\"busy\"}\n"));
    String first = release();
    awaitApprovalWaiting(first);
    // when
    HttpResponse<String> second = post("/api/releases", "{\"app\":\"model-api\"}");
    // then
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body()).contains(first);
    post("/api/runs/" + first + "/approval", "{\"decision\":\"reject\"}");
    assertThat(outcome(first)).isEqualTo("not-approved");
  }

  @Test
  void shouldContinueTheReleaseOnceAnIncidentOfAFailingDeployIsRetried() {
    // given: the staging deploy fails until its retries are spent
    build(fixture.commit("www/version.json", "{\"version\":\"deploy-incident\"}\n"));
    script.failNext("deploy:staging", 3, () -> new TransientStepException("API server 503"));
    String runId = release();
    retryAfterBackoff(runId, "deploy-staging." + APP, 2);
    // when
    Incident incident = awaitIncident(processInstanceOf(runId));
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{\"retries\":1}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    awaitApprovalWaiting(runId);
    post("/api/runs/" + runId + "/approval", "{\"decision\":\"reject\"}");
    // then
    assertThat(incident.getElementId()).isEqualTo("deploy-staging");
    assertThat(outcome(runId)).isEqualTo("not-approved");
    assertThat(script.calls("deploy:staging")).isEqualTo(4);
  }

  @Test
  void shouldEndAsNothingToReleaseWhenProductionRunsTheNewestBuild() {
    // given
    releaseNewBuild("nothing-new");
    // when
    String runId = release();
    // then
    assertThat(outcome(runId)).isEqualTo("nothing-to-release");
    assertThat(script.calls("deploy:staging")).isZero();
  }

  // ---- helpers

  private Release releaseNewBuild(String version) {
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"" + version + "\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    post("/api/runs/" + runId + "/approval", "{\"decision\":\"approve\"}");
    assertThat(outcome(runId)).isEqualTo("released");
    script.reset();
    Release current = ledger.current(APP, "production").orElseThrow();
    assertThat(current.buildRunId()).isEqualTo(build.runId());
    return current;
  }

  private String release() {
    HttpResponse<String> started = post("/api/releases", "{\"app\":\"model-api\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return runIdOf(started);
  }

  private void awaitApprovalWaiting(String runId) {
    await(
        "run " + runId + " to wait for approval",
        () -> {
          String body = get("/api/runs/" + runId).body();
          return body.contains("\"name\":\"Approve production release\"")
              ? java.util.Optional.of(body)
              : java.util.Optional.empty();
        });
  }

  /** How the app's release ended, as the release-lock step recorded it. */
  private String outcome(String runId) {
    StepRecord lock = awaitStep(runId, "release-lock." + APP);
    String result = lock.result();
    assertThat(result).as("the release-lock step's result").contains("releaseOutcome");
    return result.replaceAll(".*\"releaseOutcome\":\"([^\"]+)\".*", "$1");
  }

  private boolean lockFree() {
    return List.of(APP).stream().allMatch(app -> ledger != null && locksHolder(app) == null);
  }

  @org.springframework.beans.factory.annotation.Autowired io.modelship.release.ReleaseLocks locks;

  private String locksHolder(String app) {
    return locks.holder(app).map(l -> l.ownerRunId()).orElse(null);
  }
}
