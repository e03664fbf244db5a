package io.modelship.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.release.StepRecords.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the release ledger must answer, on every database it runs on. */
abstract class LedgerContract {

  private static final Duration STALE = Duration.ofSeconds(30);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  ReleaseLedger ledger;
  ReleaseLocks locks;
  StepRecords steps;
  Runs runs;

  /** A fresh, empty database for each test. */
  abstract DataSource freshDatabase();

  @BeforeEach
  void migrate() {
    DataSource dataSource = freshDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    ledger = new ReleaseLedger(jdbc, clock);
    locks = new ReleaseLocks(jdbc, clock);
    steps = new StepRecords(jdbc, clock);
    runs = new Runs(jdbc, clock);
  }

  @Test
  void shouldReturnTheExistingBuildWhenTheSameCommitIsRequestedTwice() {
    // given
    ledger.startBuild("run-1", "model-api", "file:/repo", "main", "abc", "model-api:abc");
    // when
    Optional<Build> second =
        ledger.startBuild("run-2", "model-api", "file:/repo", "main", "abc", "model-api:abc");
    // then
    assertThat(second).map(Build::runId).contains("run-1");
    assertThat(ledger.findBuild("run-2")).isEmpty();
  }

  @Test
  void shouldBuildACommitAgainAfterItsBuildFailed() {
    // given
    Build first = started("run-1", "abc");
    ledger.buildFailed(first, "TESTS_FAILED", "3 tests, 1 failures");
    // when
    Optional<Build> again =
        ledger.startBuild("run-2", "model-api", "file:/repo", "main", "abc", "model-api:abc");
    // then
    assertThat(again).isEmpty();
    assertThat(ledger.findBuild("run-1").orElseThrow().failureCode()).isEqualTo("TESTS_FAILED");
    assertThat(ledger.findBuild("run-2").orElseThrow().status()).isEqualTo(Build.RUNNING);
  }

  @Test
  void shouldFindTheNewestGoodBuildOfTheBranch() {
    // given
    succeed(started("run-1", "aaa"), "sha256:1", "m1");
    clock.advance(Duration.ofMinutes(5));
    succeed(started("run-2", "bbb"), "sha256:2", "m2");
    clock.advance(Duration.ofMinutes(5));
    ledger.buildFailed(started("run-3", "ccc"), "TESTS_FAILED", "failed");
    // when
    Build newest = ledger.newestGoodBuild("model-api", "main").orElseThrow();
    // then
    assertThat(newest.runId()).isEqualTo("run-2");
    assertThat(newest.imageDigest()).isEqualTo("sha256:2");
    assertThat(ledger.newestGoodBuild("model-api", "other")).isEmpty();
  }

  @Test
  void shouldRecordABuildThatNoTriggerStarted() {
    // given: a rebuild started by the nightly release through a call activity
    Build rebuild = Build.started("run-9", "model-api", "file:/repo", "main", "abc");
    // when
    ledger.buildSucceeded(rebuild, "reg/model-api@sha256:9", "sha256:9", "s3://b/m", "m9", "ok");
    // then
    assertThat(ledger.findBuild("run-9").orElseThrow().succeeded()).isTrue();
  }

  @Test
  void shouldAnswerWhatModelIsInProductionAndSinceWhen() {
    // given
    Build build = succeed(started("run-1", "aaa"), "sha256:1", "model-1");
    Instant deployedAt = clock.instant();
    Release release =
        ledger.deployed("rel-1", "production", build, "alice", deployedAt, "looks good");
    ledger.released(release.id());
    clock.advance(Duration.ofHours(1));
    // when
    Release current = ledger.current("model-api", "production").orElseThrow();
    // then
    assertThat(current.modelSha256()).isEqualTo("model-1");
    assertThat(current.deployedAt()).isEqualTo(deployedAt);
    assertThat(current.approver()).isEqualTo("alice");
    assertThat(current.outcome()).isEqualTo(Release.RELEASED);
    assertThat(ledger.currentAll("production"))
        .extracting(Release::id)
        .containsExactly(release.id());
    assertThat(ledger.current("model-api", "staging")).isEmpty();
  }

  @Test
  void shouldKeepAModelOnlyBuildsMetricsAndAnswerThemForTheModelInProduction() {
    // given: a model-only rebuild whose tests measured its model, released to production
    Build build = started("run-1", "aaa");
    ledger.markModelOnly("run-1", "eventgrid:ev-1");
    ledger.recordMetrics("run-1", new ModelMetrics(Map.of("accuracy", 0.97, "f1", 0.95)));
    build = succeed(build, "sha256:1", "model-1");
    ledger.gatePassed("run-1", "accuracy 0.97 >= 0.9");
    Release release = ledger.deployed("rel-1", "production", build, "alice", clock.instant(), "");
    ledger.released(release.id());
    // when
    Build inProduction = ledger.buildRunningIn("model-api", "production").orElseThrow();
    // then
    assertThat(inProduction.runId()).isEqualTo("run-1");
    assertThat(inProduction.modelOnly()).isTrue();
    assertThat(inProduction.modelEvent()).isEqualTo("eventgrid:ev-1");
    assertThat(inProduction.metrics().get("accuracy")).hasValue(0.97);
    assertThat(inProduction.metrics().values()).containsOnlyKeys("accuracy", "f1");
    assertThat(inProduction.gateOutcome()).isEqualTo(Build.GATE_PASSED);
    assertThat(ledger.buildRunningIn("model-api", "staging")).isEmpty();
  }

  @Test
  void shouldNotOfferABuildThatTheQualityGateRejected() {
    // given: an older good build and a newer one that failed the gate
    succeed(started("run-1", "aaa"), "sha256:1", "model-1");
    clock.advance(Duration.ofMinutes(5));
    Build worse = succeed(started("run-2", "bbb"), "sha256:2", "model-2");
    // when
    ledger.buildRejected(worse.runId(), "accuracy 0.80 < 0.9");
    // then
    Build rejected = ledger.findBuild("run-2").orElseThrow();
    assertThat(rejected.status()).isEqualTo(Build.REJECTED);
    assertThat(rejected.gateOutcome()).isEqualTo(Build.GATE_FAILED);
    assertThat(rejected.gateReason()).isEqualTo("accuracy 0.80 < 0.9");
    assertThat(rejected.trigger()).isEqualTo(Build.TRIGGER_COMMIT);
    assertThat(rejected.metrics().isEmpty()).isTrue();
    assertThat(ledger.newestGoodBuild("model-api", "main")).map(Build::runId).contains("run-1");
  }

  @Test
  void shouldPutThePreviousReleaseBackOnRollback() {
    // given
    Release first =
        ledger.deployed(
            "rel-1",
            "production",
            succeed(started("run-1", "aaa"), "sha256:1", "m1"),
            "alice",
            clock.instant(),
            null);
    ledger.released(first.id());
    clock.advance(Duration.ofDays(1));
    Release second =
        ledger.deployed(
            "rel-2",
            "production",
            succeed(started("run-2", "bbb"), "sha256:2", "m2"),
            "bob",
            clock.instant(),
            null);
    clock.advance(Duration.ofMinutes(2));
    // when
    ledger.rolledBack("rel-2", second.id(), first);
    // then
    Release current = ledger.current("model-api", "production").orElseThrow();
    assertThat(current.imageDigest()).isEqualTo("sha256:1");
    assertThat(current.outcome()).isEqualTo(Release.RESTORED);
    assertThat(current.deployedAt()).isEqualTo(clock.instant());
    Release rolledBack = ledger.findRelease(second.id()).orElseThrow();
    assertThat(rolledBack.outcome()).isEqualTo(Release.ROLLED_BACK);
    assertThat(rolledBack.rollbackTarget()).isEqualTo(first.id());
  }

  @Test
  void shouldGiveTheLockToOneRunAndNameItToAnother() {
    // given
    assertThat(locks.claim("model-api", "rel-1", 11L, lock -> false).claimed()).isTrue();
    // when
    ReleaseLocks.Claim second = locks.claim("model-api", "rel-2", 22L, lock -> false);
    ReleaseLocks.Claim again = locks.claim("model-api", "rel-1", 11L, lock -> false);
    // then
    assertThat(second.claimed()).isFalse();
    assertThat(second.holder().ownerRunId()).isEqualTo("rel-1");
    assertThat(again.claimed()).isTrue();
  }

  @Test
  void shouldTakeOverALockWhoseOwnerNoLongerRuns() {
    // given
    locks.claim("model-api", "rel-1", 11L, lock -> false);
    // when
    ReleaseLocks.Claim takeover =
        locks.claim("model-api", "rel-2", 22L, lock -> lock.processInstanceKey() == 11L);
    // then
    assertThat(takeover.claimed()).isTrue();
    assertThat(locks.holder("model-api").orElseThrow().ownerRunId()).isEqualTo("rel-2");
  }

  @Test
  void shouldReleaseALockOnlyForItsOwner() {
    // given
    locks.claim("model-api", "rel-1", null, lock -> false);
    locks.attachProcessInstance("rel-1", 33L);
    // when
    boolean byOther = locks.release("model-api", "rel-2");
    // then
    assertThat(byOther).isFalse();
    assertThat(locks.holder("model-api").orElseThrow().processInstanceKey()).isEqualTo(33L);
    assertThat(locks.release("model-api", "rel-1")).isTrue();
    assertThat(locks.holder("model-api")).isEmpty();
  }

  @Test
  void shouldAnswerARedeliveredStepWithItsStoredResult() {
    // given
    assertThat(steps.begin("run-1", "push-image", "a", 1, STALE).decision())
        .isEqualTo(Decision.RUN);
    steps.succeeded("run-1", "push-image", "a", "{\"image\":\"x\"}");
    // when
    StepRecords.Begin again = steps.begin("run-1", "push-image", "b", 1, STALE);
    // then
    assertThat(again.decision()).isEqualTo(Decision.DONE);
    assertThat(again.record().result()).isEqualTo("{\"image\":\"x\"}");
  }

  @Test
  void shouldWaitForALiveOwnerAndTakeOverFromADeadOne() {
    // given
    steps.begin("run-1", "deploy", "a", 1, STALE);
    clock.advance(Duration.ofSeconds(10));
    assertThat(steps.heartbeat("run-1", "deploy", "a")).isTrue();
    // when
    Decision whileAlive = steps.begin("run-1", "deploy", "b", 1, STALE).decision();
    clock.advance(Duration.ofSeconds(31));
    StepRecords.Begin afterDeath = steps.begin("run-1", "deploy", "b", 1, STALE);
    // then
    assertThat(whileAlive).isEqualTo(Decision.RUNNING_ELSEWHERE);
    assertThat(afterDeath.decision()).isEqualTo(Decision.RUN);
    assertThat(afterDeath.record().owner()).isEqualTo("b");
    assertThat(afterDeath.record().attempts()).isEqualTo(2);
    assertThat(steps.heartbeat("run-1", "deploy", "a")).isFalse();
  }

  @Test
  void shouldListTheStepsAnInstanceStillHeldAndNoOtherInstancesOnes() {
    // given: instance a_1's steps (its underscore is no LIKE wildcard), and instance ab's
    steps.begin("run-1", "build-image", "a_1:x", 11, STALE);
    steps.begin("run-1", "fetch-model", "a_1:y", 12, STALE);
    steps.succeeded("run-1", "fetch-model", "a_1:y", "{}");
    steps.begin("run-1", "run-tests", "a_1:z", 13, STALE);
    steps.succeeded("run-1", "run-tests", "a_1:z", "{}");
    steps.begin("run-2", "build-image", "ab1:x", 21, STALE);
    clock.advance(Duration.ofMinutes(10));
    steps.begin("run-3", "push-image", "a_1:w", 31, STALE);
    steps.succeeded("run-3", "push-image", "a_1:w", "{}");
    // when: held, or ended within the last five minutes
    List<StepRecord> held = steps.heldBy("a_1:", clock.instant().minus(Duration.ofMinutes(5)));
    // then
    assertThat(held).extracting(StepRecord::jobKey).containsExactlyInAnyOrder(11L, 31L);
  }

  @Test
  void shouldLetTheNextDeliveryTakeOverAnAbandonedStepAtOnce() {
    // given
    steps.begin("run-1", "deploy", "a:1", 1, STALE);
    // when
    boolean abandoned = steps.abandon("run-1", "deploy", "a:1");
    StepRecords.Begin next = steps.begin("run-1", "deploy", "a:2", 1, STALE);
    // then
    assertThat(abandoned).isTrue();
    assertThat(next.decision()).isEqualTo(Decision.RUN);
    assertThat(next.record().attempts()).isEqualTo(2);
    assertThat(steps.abandon("run-1", "deploy", "a:1")).as("no longer a:1's").isFalse();
  }

  @Test
  void shouldRunAgainAfterATechnicalFailureButNotAfterABusinessOutcome() {
    // given
    steps.begin("run-1", "fetch-model", "a", 1, STALE);
    steps.failed("run-1", "fetch-model", "a", null, "connection reset");
    steps.begin("run-1", "run-tests", "a", 2, STALE);
    steps.failed("run-1", "run-tests", "a", "TESTS_FAILED", "1 failure");
    // when
    StepRecords.Begin retry = steps.begin("run-1", "fetch-model", "a", 1, STALE);
    StepRecords.Begin redelivered = steps.begin("run-1", "run-tests", "a", 2, STALE);
    // then
    assertThat(retry.decision()).isEqualTo(Decision.RUN);
    assertThat(retry.record().attempts()).isEqualTo(2);
    assertThat(redelivered.decision()).isEqualTo(Decision.DONE);
    assertThat(redelivered.record().errorCode()).isEqualTo("TESTS_FAILED");
    assertThat(steps.ofRun("run-1"))
        .extracting(StepRecord::step)
        .containsExactly("fetch-model", "run-tests");
  }

  @Test
  void shouldTakeOverAFailedStepWhenTheClockHasNanoseconds() {
    // given: the database rounds what it stores; the claim must not depend on an exact timestamp
    clock.advance(Duration.ofNanos(123_456_789));
    steps.begin("run-1", "fetch-model", "a", 1, STALE);
    steps.failed("run-1", "fetch-model", "a", null, "connection reset");
    // when
    StepRecords.Begin retry = steps.begin("run-1", "fetch-model", "b", 1, STALE);
    // then
    assertThat(retry.decision()).isEqualTo(Decision.RUN);
    assertThat(retry.record().owner()).isEqualTo("b");
  }

  @Test
  void shouldRecordARunOnceAndListTheNewestFirst() {
    // given
    runs.record("run-1", Run.BUILD, "model-api", "alice");
    clock.advance(Duration.ofSeconds(1));
    runs.record("run-2", Run.RELEASE, null, "timer");
    // when
    runs.record("run-1", Run.BUILD, "model-api", "bob");
    runs.attachProcessInstance("run-2", 42L);
    // then
    assertThat(runs.newest(10)).extracting(Run::runId).containsExactly("run-2", "run-1");
    assertThat(runs.find("run-1").orElseThrow().startedBy()).isEqualTo("alice");
    assertThat(runs.find("run-2").orElseThrow().processInstanceKey()).isEqualTo(42L);
    assertThat(runs.newest(1)).hasSize(1);
  }

  @Test
  void shouldGiveAnInstanceOneRunIdHoweverOftenItsFirstJobAsks() {
    // given: a run an API caller started, and an instance the timer started
    runs.record("run-api", Run.RELEASE, "model-api", "alice");
    runs.attachProcessInstance("run-api", 7L);
    // when: the timer instance's first job asks twice (a re-delivery), minting a new id each time
    String first = runs.ofInstance(8L, Run.RELEASE, "timer", () -> "20261126-020000-aaaaaa");
    String again = runs.ofInstance(8L, Run.RELEASE, "timer", () -> "20261126-020001-bbbbbb");
    // then
    assertThat(first).isEqualTo("20261126-020000-aaaaaa");
    assertThat(again).isEqualTo(first);
    assertThat(runs.ofInstance(7L, Run.RELEASE, "timer", () -> "unused")).isEqualTo("run-api");
    Run timer = runs.find(first).orElseThrow();
    assertThat(timer.startedBy()).isEqualTo("timer");
    assertThat(timer.processInstanceKey()).isEqualTo(8L);
    assertThat(runs.newest(10)).hasSize(2);
  }

  @Test
  void shouldPageRunsNewestFirstByAppAndKind() {
    // given: five runs a second apart, two apps, builds and releases
    recordRuns();
    // when
    List<Run> first = runs.page(null, null, 0, 2);
    List<Run> second = runs.page(null, null, 2, 2);
    List<Run> last = runs.page(null, null, 4, 2);
    // then
    assertThat(first).extracting(Run::runId).containsExactly("run-5", "run-4");
    assertThat(second).extracting(Run::runId).containsExactly("run-3", "run-2");
    assertThat(last).extracting(Run::runId).containsExactly("run-1");
    assertThat(runs.page(null, null, 5, 2)).isEmpty();
    assertThat(runs.page("model-api", null, 0, 10))
        .extracting(Run::runId)
        .containsExactly("run-5", "run-3", "run-1");
    assertThat(runs.page(null, Run.RELEASE, 0, 10))
        .extracting(Run::runId)
        .containsExactly("run-4", "run-3");
    assertThat(runs.page("model-api", Run.RELEASE, 0, 10))
        .extracting(Run::runId)
        .containsExactly("run-3");
    assertThat(runs.page("no-such-app", null, 0, 10)).isEmpty();
  }

  @Test
  void shouldPageOnlyTheRunsOfTheGivenInstances() {
    // given: runs 1 to 5 on instances 101 to 105
    recordRuns();
    List<Long> keys = List.of(101L, 103L, 104L, 105L, 999L);
    // when
    List<Run> page = runs.pageOfInstances(keys, null, null, 0, 3);
    List<Run> next = runs.pageOfInstances(keys, null, null, 3, 3);
    // then: newest first; key 999 has no run, run-2's instance was not asked for
    assertThat(page).extracting(Run::runId).containsExactly("run-5", "run-4", "run-3");
    assertThat(next).extracting(Run::runId).containsExactly("run-1");
    assertThat(runs.pageOfInstances(keys, "model-api", Run.BUILD, 0, 10))
        .extracting(Run::runId)
        .containsExactly("run-5", "run-1");
    assertThat(runs.pageOfInstances(List.of(), null, null, 0, 10)).isEmpty();
    assertThat(runs.pageOfInstances(List.of(999L), null, null, 0, 10)).isEmpty();
  }

  @Test
  void shouldAnswerTheBuildsAndFirstReleasesOfAPageOfRunsInOneQueryEach() {
    // given: builds of run-1 and run-2; run-3 deployed to staging, then to production
    Build one = succeed(started("run-1", "aaa"), "sha256:1", "m1");
    started("run-2", "bbb");
    Release staging = ledger.deployed("run-3", "staging", one, "alice", clock.instant(), null);
    clock.advance(Duration.ofMinutes(5));
    ledger.deployed("run-3", "production", one, "bob", clock.instant(), null);
    // when
    Map<String, Build> builds = ledger.buildsOfRuns(List.of("run-1", "run-2", "run-none"));
    Map<String, Release> releases = ledger.firstReleasesOfRuns(List.of("run-3", "run-none"));
    // then: runs without a build or release are left out
    assertThat(builds).containsOnlyKeys("run-1", "run-2");
    assertThat(builds.get("run-1").status()).isEqualTo(Build.SUCCEEDED);
    assertThat(builds.get("run-1").imageDigest()).isEqualTo("sha256:1");
    assertThat(builds.get("run-2").status()).isEqualTo(Build.RUNNING);
    assertThat(releases).containsOnlyKeys("run-3");
    assertThat(releases.get("run-3").id()).isEqualTo(staging.id());
    assertThat(releases.get("run-3").environment()).isEqualTo("staging");
    assertThat(ledger.buildsOfRuns(List.of())).isEmpty();
    assertThat(ledger.firstReleasesOfRuns(List.of())).isEmpty();
  }

  /** run-1 to run-5, a second apart, on instances 101 to 105; 3 and 4 are releases. */
  private void recordRuns() {
    String[][] made = {
      {"run-1", Run.BUILD, "model-api"},
      {"run-2", Run.BUILD, "churn-api"},
      {"run-3", Run.RELEASE, "model-api"},
      {"run-4", Run.RELEASE, null},
      {"run-5", Run.BUILD, "model-api"}
    };
    for (int i = 0; i < made.length; i++) {
      runs.record(made[i][0], made[i][1], made[i][2], "alice");
      runs.attachProcessInstance(made[i][0], 101L + i);
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private Build started(String runId, String sha) {
    ledger.startBuild(runId, "model-api", "file:/repo", "main", sha, "model-api:" + sha);
    return ledger.findBuild(runId).orElseThrow();
  }

  private Build succeed(Build build, String digest, String modelSha) {
    ledger.buildSucceeded(
        build, "reg/model-api@" + digest, digest, "s3://models/m", modelSha, "2 tests");
    return ledger.findBuild(build.runId()).orElseThrow();
  }
}
