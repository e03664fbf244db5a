package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLocks;
import io.modelship.release.StepRecord;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * nightly-release on the embedded engine: each app's way from the newest good build through
 * staging, approval and production, and every way out of it.
 */
@Import(TestSteps.class)
class NightlyReleaseProcessIT extends ProcessTestSupport {

  private static final String APP = PipelineFixture.APP;
  private static final String SECOND = PipelineFixture.SECOND_APP;
  private static final String RUN_ID_FORMAT = "\\d{8}-\\d{6}-[a-z0-9]{6}";

  @Test
  void shouldReleaseTheNewestBuildAfterApprovalBySomeoneOtherThanItsStarter() {
    // given: the operator starts the release
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"release-1\"}\n"));
    Release before = ledger.current(APP, "production").orElse(null);
    String runId = release();
    awaitApprovalWaiting(runId);
    // when: the operator approves their own release
    HttpResponse<String> self =
        post("/api/runs/" + runId + "/approval", "{\"decision\":\"approve\"}");
    // then: refused, and the approval still waits with nothing recorded
    assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
    assertThat(self.body())
        .contains("but operator started run '" + runId + "'")
        .contains("modelship.approvals.allow-self-approval=true");
    awaitApprovalWaiting(runId);
    assertThat(ledger.current(APP, "production").orElse(null)).isEqualTo(before);
    assertThat(script.calls("deploy:production")).isZero();
    // when: another release manager approves
    HttpResponse<String> approved =
        decide(runId, "{\"decision\":\"approve\",\"comment\":\"ship it\"}");
    // then
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(approved.body()).contains("\"approver\":\"approver\"");
    assertThat(outcome(runId)).isEqualTo("released");
    Release production = ledger.current(APP, "production").orElseThrow();
    assertThat(production.imageDigest()).isEqualTo(build.imageDigest());
    assertThat(production.approver()).isEqualTo(APPROVER);
    assertThat(production.approvalComment()).isEqualTo("ship it");
    assertThat(production.outcome()).isEqualTo(Release.RELEASED);
    assertThat(get("/api/environments/production").body())
        .contains(build.imageDigest())
        .contains(build.modelSha256())
        .contains("\"approver\":\"approver\"");
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
    decide(runId, "{\"decision\":\"approve\"}");
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
    decide(runId, "{\"decision\":\"reject\",\"comment\":\"not today\"}");
    // then
    assertThat(outcome(runId)).isEqualTo("not-approved");
    assertThat(script.calls("deploy:production")).isZero();
    assertThat(ledger.current(APP, "production").orElse(null)).isEqualTo(before);
    assertThat(lockFree()).isTrue();
  }

  @Test
  void shouldShowTheCandidateInTheApprovalFormAndTakeItsDecision() {
    // given
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"form\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    UserTask task =
        camunda
            .newUserTaskSearchRequest()
            .filter(
                f -> f.processInstanceKey(processInstanceOf(runId)).elementId("approve-production"))
            .send()
            .join()
            .items()
            .get(0);
    // when
    var form = camunda.newUserTaskGetFormRequest(task.getUserTaskKey()).send().join();
    // then: the linked form, and the values its read-only fields show
    assertThat(task.getFormKey()).isEqualTo(form.getFormKey());
    assertThat(form.getFormId()).isEqualTo("approve-production");
    assertThat(form.getSchema()).contains("\"key\": \"approved\"").contains("approvalComment");
    assertThat(taskVariable(task, "app")).isEqualTo("\"" + APP + "\"");
    assertThat(taskVariable(task, "imageDigest")).isEqualTo("\"" + build.imageDigest() + "\"");
    assertThat(taskVariable(task, "gitSha")).isEqualTo("\"" + build.commitSha() + "\"");
    assertThat(taskVariable(task, "modelDigestAfter")).isEqualTo("\"" + build.modelSha256() + "\"");
    assertThat(taskVariable(task, "stagingSmoke")).isNotEqualTo("null");
    // when: submitted as Tasklist submits the form, with the variables its fields are bound to
    camunda
        .newCompleteUserTaskCommand(task.getUserTaskKey())
        .variables(Map.of("approved", false, "approvalComment", "rejected in the form"))
        .send()
        .join();
    // then
    assertThat(outcome(runId)).isEqualTo("not-approved");
    assertThat(script.calls("deploy:production")).isZero();
  }

  /** A variable of the task's element instance (its inputs), as JSON. */
  private String taskVariable(UserTask task, String name) {
    return camunda
        .newVariableSearchRequest()
        .filter(f -> f.scopeKey(task.getElementInstanceKey()).name(name))
        .send()
        .join()
        .items()
        .get(0)
        .getValue();
  }

  @Test
  void shouldEndAsApprovalExpiredWhenNobodyDecidesInTime() {
    // given
    build(fixture.commit("www/version.json", "{\"version\":\"expired\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    // when: the clock moves past the approval's 8 hours
    processTest.setTime(TEN_O_CLOCK.plus(Duration.ofHours(8).plusMinutes(1)));
    // then
    assertThat(outcome(runId)).isEqualTo("approval-expired");
    assertThat(script.calls("deploy:production")).isZero();
    assertThat(lockFree()).isTrue();
  }

  @Test
  void shouldPutTheEarlierStagingReleaseBackWhenStagingSmokeTestsFail() {
    // given: staging runs an earlier release
    releaseNewBuild("staging-before");
    Release before = ledger.current(APP, "staging").orElseThrow();
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
    assertThat(script.calls("remove:staging")).isZero();
    assertThat(script.calls("deploy:production")).isZero();
    assertThat(deployer.running.get(APP + "@staging")).isEqualTo(before.image());
    assertThat(ledger.current(APP, "staging").orElseThrow().buildRunId())
        .isEqualTo(before.buildRunId());
  }

  @Test
  void shouldTakeTheAppOutOfStagingWhenItsFirstStagingReleaseFails() {
    // given: the app's first release to staging (the ledger has never seen it there)
    jdbc.sql("delete from releases where app = ? and environment = 'staging'").param(APP).update();
    build(fixture.commit("www/version.json", "{\"version\":\"first-staging-fails\"}\n"));
    script.failNext(
        "smoke-test:staging",
        1,
        () -> new BusinessOutcomeException(ErrorCode.SMOKE_FAILED, "GET / answered 500"));
    // when
    String runId = release();
    // then: nothing to put back, so the failed version no longer runs in staging
    assertThat(outcome(runId)).isEqualTo("staging-failed");
    assertThat(script.calls("remove:staging")).isEqualTo(1);
    assertThat(script.calls("rollback:staging")).isZero();
    assertThat(deployer.running).doesNotContainKey(APP + "@staging");
    assertThat(ledger.latestOfRun(runId, APP, "staging").orElseThrow().outcome())
        .isEqualTo(Release.REMOVED);
    assertThat(ledger.current(APP, "staging")).isEmpty();
    assertThat(steps.find(runId, "rollback-staging." + APP).orElseThrow().result())
        .contains("\"rollback\":\"removed\"");
    assertThat(get("/api/runs/" + runId + "/steps/rollback-staging." + APP + "/log").body())
        .contains("no earlier release of " + APP + " in staging to put back: removing");
    assertThat(get("/api/environments/staging").body()).doesNotContain("\"app\":\"" + APP + "\"");
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
    decide(runId, "{\"decision\":\"approve\"}");
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
    decide(first, "{\"decision\":\"reject\"}");
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
    HttpResponse<String> again =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{\"retries\":1}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    awaitApprovalWaiting(runId);
    decide(runId, "{\"decision\":\"reject\"}");
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

  @Test
  void shouldReleaseWhenTheNightlyTimerFiresAndRefuseASecondReleaseMeanwhile() {
    // given: a new build, and the app's lock left by a run whose instance no longer runs
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"nightly\"}\n"));
    long ended = processInstanceOf(build.runId());
    assertThatProcessInstance(byKey(ended)).isCompleted();
    locks.claim(APP, "20261124-020000-oldrun", ended, lock -> false);
    List<String> before = timerRuns();
    // when: the clock passes 02:00 the next day
    processTest.setTime(Instant.parse("2026-11-26T02:00:01Z"));
    // then: the timer started a release, its run id minted like every other
    String runId =
        await(
            "a release started by the nightly timer",
            () -> timerRuns().stream().filter(r -> !before.contains(r)).findFirst());
    assertThat(runId).matches(RUN_ID_FORMAT);
    awaitApprovalWaiting(runId);
    assertThat(locksHolder(APP)).as("the stale lock, taken over").isEqualTo(runId);
    HttpResponse<String> second = post("/api/releases", "{\"app\":\"model-api\"}");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
    assertThat(second.body()).contains("\"runningRunId\":\"" + runId + "\"");
    decide(runId, "{\"decision\":\"approve\",\"app\":\"model-api\"}");
    assertThat(outcome(runId)).isEqualTo("released");
    assertThat(ledger.current(APP, "production").orElseThrow().buildRunId())
        .isEqualTo(build.runId());
    assertThat(steps.find(runId, "select-apps")).isPresent();
  }

  @Test
  void shouldReleaseSeveralAppsAtOnceWithAnApprovalForEach() {
    // given: a new build of each app
    Build first = build(fixture.commit("www/version.json", "{\"version\":\"several\"}\n"));
    Build second =
        build(SECOND, fixture.commit(SECOND, "www/version.json", "{\"version\":\"several-2\"}\n"));
    // when: every app is released
    HttpResponse<String> started = post("/api/releases", "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = runIdOf(started);
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .hasActiveElement("approve-production", 2);
    assertThat(get("/api/runs/" + runId).body().split("Approve production release", -1)).hasSize(3);
    HttpResponse<String> which = decide(runId, "{\"decision\":\"approve\"}");
    HttpResponse<String> unknown = decide(runId, "{\"decision\":\"approve\",\"app\":\"nope\"}");
    HttpResponse<String> approvedFirst =
        decide(runId, "{\"decision\":\"approve\",\"app\":\"model-api\",\"comment\":\"first\"}");
    HttpResponse<String> approvedSecond =
        decide(runId, "{\"decision\":\"approve\",\"app\":\"churn-api\",\"comment\":\"second\"}");
    // then
    assertThat(which.statusCode()).isEqualTo(400);
    assertThat(which.body()).contains("several wait: [churn-api, model-api]");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(approvedFirst.statusCode()).as(approvedFirst.body()).isEqualTo(200);
    assertThat(approvedFirst.body()).contains("\"app\":\"model-api\"");
    assertThat(approvedSecond.statusCode()).as(approvedSecond.body()).isEqualTo(200);
    assertThat(outcome(runId, APP)).isEqualTo("released");
    assertThat(outcome(runId, SECOND)).isEqualTo("released");
    Release one = ledger.current(APP, "production").orElseThrow();
    Release two = ledger.current(SECOND, "production").orElseThrow();
    assertThat(one.buildRunId()).isEqualTo(first.runId());
    assertThat(one.approvalComment()).isEqualTo("first");
    assertThat(two.buildRunId()).isEqualTo(second.runId());
    assertThat(two.approvalComment()).isEqualTo("second");
    assertThat(ledger.releasesOfRun(runId)).hasSize(4);
  }

  @Test
  void shouldTakeOverTheLockOfAReleaseWhoseInstanceWasCancelled() {
    // given: a release waits for approval, and an operator cancels its instance
    build(fixture.commit("www/version.json", "{\"version\":\"cancelled\"}\n"));
    String cancelled = release();
    awaitApprovalWaiting(cancelled);
    camunda.newCancelInstanceCommand(processInstanceOf(cancelled)).send().join();
    assertThat(locksHolder(APP)).isEqualTo(cancelled);
    // when
    String runId = release();
    // then: the engine says the owner no longer runs, so the new release takes the lock
    awaitApprovalWaiting(runId);
    assertThat(locksHolder(APP)).isEqualTo(runId);
    decide(runId, "{\"decision\":\"reject\"}");
    assertThat(outcome(runId)).isEqualTo("not-approved");
    assertThat(lockFree()).isTrue();
  }

  // ---- helpers

  private List<String> timerRuns() {
    return runs.newest(500).stream()
        .filter(r -> "timer".equals(r.startedBy()))
        .map(io.modelship.release.Run::runId)
        .toList();
  }

  private Release releaseNewBuild(String version) {
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"" + version + "\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    decide(runId, "{\"decision\":\"approve\"}");
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

  /** How the release of {@code model-api} ended, as the release-lock step recorded it. */
  private String outcome(String runId) {
    return outcome(runId, APP);
  }

  /**
   * How the app's release ended, as the release-lock step recorded it, once the run's instance
   * completed through the end event of that name.
   */
  private String outcome(String runId, String app) {
    long instance = processInstanceOf(runId);
    assertThatProcessInstance(byKey(instance)).isCompleted();
    StepRecord lock = steps.find(runId, "release-lock." + app).orElseThrow();
    String result = lock.result();
    assertThat(result).as("the release-lock step's result").contains("releaseOutcome");
    String outcome = result.replaceAll(".*\"releaseOutcome\":\"([^\"]+)\".*", "$1");
    assertThatProcessInstance(byKey(instance))
        .hasCompletedElements("ended-" + outcome)
        .hasNoActiveIncidents();
    return outcome;
  }

  private boolean lockFree() {
    return List.of(APP).stream().allMatch(app -> ledger != null && locksHolder(app) == null);
  }

  @Autowired ReleaseLocks locks;
  @Autowired TestSteps.RecordingDeployer deployer;

  private String locksHolder(String app) {
    return locks.holder(app).map(l -> l.ownerRunId()).orElse(null);
  }
}
