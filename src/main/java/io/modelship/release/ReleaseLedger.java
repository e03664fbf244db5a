package io.modelship.release;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The release ledger's builds and releases: which build is good, which runs where, since when, and
 * who approved it. H2 by default, PostgreSQL in production (the same SQL).
 */
@Component
public class ReleaseLedger {

  private static final String RUNNING_OUTCOMES = "('deployed', 'released', 'restored')";

  private final JdbcClient jdbc;
  private final Clock clock;

  public ReleaseLedger(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records a build that starts now. With a {@code requestKey}, a second build of the same key
   * (while the first runs or after it succeeded) is refused, and the existing one is returned.
   *
   * @return empty when recorded; the existing build when the key was taken
   */
  @Transactional
  public Optional<Build> startBuild(
      String runId,
      String app,
      String repositoryUrl,
      String branch,
      String commitSha,
      String requestKey) {
    try {
      jdbc.sql(
              "insert into builds (run_id, app, repository_url, branch, commit_sha, request_key,"
                  + " status, created_at) values (?, ?, ?, ?, ?, ?, 'running', ?)")
          .params(runId, app, repositoryUrl, branch, commitSha, requestKey, now())
          .update();
      return Optional.empty();
    } catch (DuplicateKeyException e) {
      if (requestKey == null) {
        throw e;
      }
      return jdbc.sql("select * from builds where request_key = ?")
          .param(requestKey)
          .query(ReleaseLedger::build)
          .optional();
    }
  }

  /** Marks a build as published; inserts it when it was started without a trigger (a rebuild). */
  @Transactional
  public void buildSucceeded(
      Build started,
      String image,
      String imageDigest,
      String modelUri,
      String modelSha256,
      String testSummary) {
    recordIfMissing(started);
    jdbc.sql(
            "update builds set status = 'succeeded', image = ?, image_digest = ?, model_uri = ?,"
                + " model_sha256 = ?, test_summary = ?, finished_at = ? where run_id = ?")
        .params(image, imageDigest, modelUri, modelSha256, testSummary, now(), started.runId())
        .update();
  }

  /**
   * Marks a build as failed with its reason, and frees its request key so the same commit can be
   * built again.
   */
  @Transactional
  public void buildFailed(Build started, String failureCode, String failureReason) {
    recordIfMissing(started);
    jdbc.sql(
            "update builds set status = 'failed', failure_code = ?, failure_reason = ?,"
                + " request_key = null, finished_at = ? where run_id = ?")
        .params(failureCode, truncate(failureReason, 1000), now(), started.runId())
        .update();
  }

  /** Inserts a build that was started without a trigger (a rebuild), so it can be finished. */
  private void recordIfMissing(Build started) {
    if (findBuild(started.runId()).isEmpty()) {
      startBuild(
          started.runId(),
          started.app(),
          started.repositoryUrl(),
          started.branch(),
          started.commitSha(),
          null);
    }
  }

  /**
   * Marks a build as a model-only rebuild of the release branch's head.
   *
   * @param modelEvent what announced the model (e.g. {@code eventgrid:EVENT-ID}), or null; no
   *     secret
   */
  public void markModelOnly(String runId, String modelEvent) {
    jdbc.sql("update builds set build_trigger = 'model', model_event = ? where run_id = ?")
        .params(truncate(modelEvent, 200), runId)
        .update();
  }

  /** Records what the build's tests measured of its model (replacing what was recorded before). */
  public void recordMetrics(String runId, ModelMetrics metrics) {
    jdbc.sql("update builds set metrics = ? where run_id = ?")
        .params(metrics.toJson(), runId)
        .update();
  }

  /** Records that the build passed the quality gate, and why. */
  public void gatePassed(String runId, String reason) {
    jdbc.sql("update builds set gate_outcome = 'passed', gate_reason = ? where run_id = ?")
        .params(truncate(reason, 1000), runId)
        .update();
  }

  /**
   * Marks a published build as rejected by the quality gate with the reason: no release takes it
   * from now on ({@link #newestGoodBuild} skips it).
   */
  public void buildRejected(String runId, String reason) {
    jdbc.sql(
            "update builds set status = 'rejected', gate_outcome = 'failed', gate_reason = ?"
                + " where run_id = ?")
        .params(truncate(reason, 1000), runId)
        .update();
  }

  /** The build whose release runs in the environment now (with its model and metrics). */
  public Optional<Build> buildRunningIn(String app, String environment) {
    return current(app, environment).flatMap(release -> findBuild(release.buildRunId()));
  }

  public Optional<Build> findBuild(String runId) {
    return jdbc.sql("select * from builds where run_id = ?")
        .param(runId)
        .query(ReleaseLedger::build)
        .optional();
  }

  /** The newest build of the branch that succeeded, by the time it finished. */
  public Optional<Build> newestGoodBuild(String app, String branch) {
    return jdbc
        .sql(
            "select * from builds where app = ? and branch = ? and status = 'succeeded'"
                + " order by finished_at desc, created_at desc")
        .params(app, branch)
        .query(ReleaseLedger::build)
        .list()
        .stream()
        .findFirst();
  }

  /** Records a deployment that just rolled out; it runs in the environment from now on. */
  public Release deployed(
      String runId,
      String environment,
      Build build,
      String approver,
      Instant approvedAt,
      String approvalComment) {
    Timestamp now = now();
    jdbc.sql(
            "insert into releases (run_id, app, environment, build_run_id, image, image_digest,"
                + " git_sha, model_uri, model_sha256, approver, approved_at, approval_comment,"
                + " outcome, deployed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'deployed', ?)")
        .params(
            runId,
            build.app(),
            environment,
            build.runId(),
            build.image(),
            build.imageDigest(),
            build.commitSha(),
            build.modelUri(),
            build.modelSha256(),
            approver,
            approvedAt == null ? null : Timestamp.from(approvedAt),
            truncate(approvalComment, 1000),
            now)
        .update();
    return latestOfRun(runId, build.app(), environment).orElseThrow();
  }

  /** Confirms a deployment after its smoke tests passed. */
  public void released(long releaseId) {
    jdbc.sql("update releases set outcome = 'released', finished_at = ? where id = ?")
        .params(now(), releaseId)
        .update();
  }

  /**
   * Records a rollback: {@code failed} (if it rolled out at all) is marked rolled back, and {@code
   * target} runs again from now on, as a new row with outcome {@code restored}.
   */
  @Transactional
  public void rolledBack(String runId, Long failedReleaseId, Release target) {
    Long restoredId = null;
    if (target != null) {
      jdbc.sql(
              "insert into releases (run_id, app, environment, build_run_id, image, image_digest,"
                  + " git_sha, model_uri, model_sha256, approver, approved_at, approval_comment,"
                  + " outcome, deployed_at) select ?, app, environment, build_run_id, image,"
                  + " image_digest, git_sha, model_uri, model_sha256, approver, approved_at,"
                  + " approval_comment, 'restored', ? from releases where id = ?")
          .params(runId, now(), target.id())
          .update();
      restoredId = target.id();
    }
    if (failedReleaseId != null) {
      jdbc.sql(
              "update releases set outcome = 'rolled-back', rollback_target = ?, finished_at = ?"
                  + " where id = ?")
          .params(restoredId, now(), failedReleaseId)
          .update();
    }
  }

  /**
   * Records a rollback that had nothing to put back: the failed release (if it rolled out at all)
   * was taken out of its environment, where the app no longer runs.
   */
  public void removed(Long failedReleaseId) {
    if (failedReleaseId != null) {
      jdbc.sql("update releases set outcome = 'removed', finished_at = ? where id = ?")
          .params(now(), failedReleaseId)
          .update();
    }
  }

  /** What runs in the environment now, and since when: its newest deployment not rolled back. */
  public Optional<Release> current(String app, String environment) {
    return newestRelease(
        "app = ? and environment = ? and outcome in " + RUNNING_OUTCOMES, app, environment);
  }

  /** What runs in the environment now, one release per app. */
  public List<Release> currentAll(String environment) {
    return jdbc.sql(
            "select * from releases r where environment = ? and outcome in "
                + RUNNING_OUTCOMES
                + " and id = (select max(id) from releases s where s.app = r.app and"
                + " s.environment = r.environment and s.outcome in "
                + RUNNING_OUTCOMES
                + ") order by app")
        .param(environment)
        .query(ReleaseLedger::release)
        .list();
  }

  public Optional<Release> findRelease(long id) {
    return jdbc.sql("select * from releases where id = ?")
        .param(id)
        .query(ReleaseLedger::release)
        .optional();
  }

  /** The newest deployment of the app into the environment by this run, if it rolled out. */
  public Optional<Release> latestOfRun(String runId, String app, String environment) {
    return newestRelease("run_id = ? and app = ? and environment = ?", runId, app, environment);
  }

  /**
   * What ran in the environment before this run: the newest deployment still running there that
   * another run made. A rollback puts it back.
   */
  public Optional<Release> previous(String app, String environment, String runId) {
    return newestRelease(
        "app = ? and environment = ? and run_id <> ? and outcome in " + RUNNING_OUTCOMES,
        app,
        environment,
        runId);
  }

  /** The deployments of one release run, oldest first. */
  public List<Release> releasesOfRun(String runId) {
    return jdbc.sql("select * from releases where run_id = ? order by id")
        .param(runId)
        .query(ReleaseLedger::release)
        .list();
  }

  /** The builds of these runs, by run id (one query for a page of runs). */
  public Map<String, Build> buildsOfRuns(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return Map.of();
    }
    Map<String, Build> found = new HashMap<>();
    jdbc.sql("select * from builds where run_id in (:ids)")
        .param("ids", List.copyOf(runIds))
        .query(ReleaseLedger::build)
        .list()
        .forEach(b -> found.put(b.runId(), b));
    return found;
  }

  /** The first deployment of each of these release runs (lowest id), by run id. */
  public Map<String, Release> firstReleasesOfRuns(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return Map.of();
    }
    Map<String, Release> found = new HashMap<>();
    jdbc.sql("select * from releases where run_id in (:ids) order by id")
        .param("ids", List.copyOf(runIds))
        .query(ReleaseLedger::release)
        .list()
        .forEach(r -> found.putIfAbsent(r.runId(), r));
    return found;
  }

  /** The newest deployments into the environment, of every app, newest first. */
  public List<Release> history(String environment, int limit) {
    return jdbc.sql(
            "select * from releases where environment = ? order by id desc fetch first ? rows only")
        .params(environment, limit)
        .query(ReleaseLedger::release)
        .list();
  }

  /** The newest builds, of one app when given (null: every app), newest first. */
  public List<Build> newestBuilds(String app, int limit) {
    return jdbc.sql(
            "select * from builds where (cast(? as varchar) is null or app = ?)"
                + " order by created_at desc, run_id desc fetch first ? rows only")
        .params(app, app, limit)
        .query(ReleaseLedger::build)
        .list();
  }

  /** The environments the ledger knows, in name order. */
  public List<String> environments() {
    return jdbc.sql("select distinct environment from releases order by environment")
        .query(String.class)
        .list();
  }

  /** The newest release (by id) that matches the condition. */
  private Optional<Release> newestRelease(String condition, Object... params) {
    return jdbc
        .sql("select * from releases where " + condition + " order by id desc")
        .params(params)
        .query(ReleaseLedger::release)
        .list()
        .stream()
        .findFirst();
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  private static Build build(ResultSet rs, int row) throws SQLException {
    return new Build(
        rs.getString("run_id"),
        rs.getString("app"),
        rs.getString("repository_url"),
        rs.getString("branch"),
        rs.getString("commit_sha"),
        rs.getString("status"),
        rs.getString("image"),
        rs.getString("image_digest"),
        rs.getString("model_uri"),
        rs.getString("model_sha256"),
        rs.getString("test_summary"),
        rs.getString("failure_code"),
        rs.getString("failure_reason"),
        instant(rs, "created_at"),
        instant(rs, "finished_at"),
        rs.getString("build_trigger"),
        rs.getString("model_event"),
        ModelMetrics.fromJson(rs.getString("metrics")),
        rs.getString("gate_outcome"),
        rs.getString("gate_reason"));
  }

  private static Release release(ResultSet rs, int row) throws SQLException {
    long target = rs.getLong("rollback_target");
    Long rollbackTarget = rs.wasNull() ? null : target;
    return new Release(
        rs.getLong("id"),
        rs.getString("run_id"),
        rs.getString("app"),
        rs.getString("environment"),
        rs.getString("build_run_id"),
        rs.getString("image"),
        rs.getString("image_digest"),
        rs.getString("git_sha"),
        rs.getString("model_uri"),
        rs.getString("model_sha256"),
        rs.getString("approver"),
        instant(rs, "approved_at"),
        rs.getString("approval_comment"),
        rs.getString("outcome"),
        rollbackTarget,
        instant(rs, "deployed_at"),
        instant(rs, "finished_at"));
  }
}
