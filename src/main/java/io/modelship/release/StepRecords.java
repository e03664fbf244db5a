package io.modelship.release;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A record per (run id, step), so that a job delivered again after a crash or a timeout finds what
 * the first delivery did: its result, its business outcome, or its owner still at work.
 */
@Component
public class StepRecords {

  /** What {@link #begin} decided. */
  public enum Decision {
    /** The caller owns the step now and must run it. */
    RUN,
    /** The step ended before; answer with the stored result or business outcome. */
    DONE,
    /** Another owner runs it and still beats its heartbeat; wait for it. */
    RUNNING_ELSEWHERE
  }

  /** A decision with the record as it stands after it. */
  public record Begin(Decision decision, StepRecord record) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  public StepRecords(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Starts a step for {@code owner}, or finds it started or ended. A technical failure, and a step
   * whose owner stopped beating its heartbeat for {@code staleAfter}, are taken over (run again).
   */
  public Begin begin(String runId, String step, String owner, long jobKey, Duration staleAfter) {
    return begin(runId, step, owner, jobKey, staleAfter, 0);
  }

  private Begin begin(
      String runId, String step, String owner, long jobKey, Duration staleAfter, int depth) {
    Timestamp now = Timestamp.from(clock.instant());
    try {
      jdbc.sql(
              "insert into step_records (run_id, step, state, owner, job_key, attempts, started_at,"
                  + " heartbeat_at) values (?, ?, 'started', ?, ?, 1, ?, ?)")
          .params(runId, step, owner, jobKey, now, now)
          .update();
      return new Begin(Decision.RUN, find(runId, step).orElseThrow());
    } catch (DuplicateKeyException exists) {
      // fall through: someone started it before
    }
    StepRecord record = find(runId, step).orElseThrow();
    if (StepRecord.SUCCEEDED.equals(record.state()) || record.failedWithBusinessOutcome()) {
      return new Begin(Decision.DONE, record);
    }
    boolean ownerAlive =
        StepRecord.STARTED.equals(record.state())
            && !record.owner().equals(owner)
            && record.heartbeatAt().plus(staleAfter).isAfter(now.toInstant());
    if (ownerAlive) {
      return new Begin(Decision.RUNNING_ELSEWHERE, record);
    }
    // Compare-and-set on the owner and attempt we read (the attempt grows with every takeover), so
    // two deliveries cannot both take it over. Timestamps are no token: databases round them.
    int taken =
        jdbc.sql(
                "update step_records set state = 'started', owner = ?, job_key = ?,"
                    + " attempts = attempts + 1, error_message = null, heartbeat_at = ?,"
                    + " finished_at = null where run_id = ? and step = ? and owner = ?"
                    + " and attempts = ?")
            .params(owner, jobKey, now, runId, step, record.owner(), record.attempts())
            .update();
    if (taken == 1) {
      return new Begin(Decision.RUN, find(runId, step).orElseThrow());
    }
    if (depth > 10) {
      throw new IllegalStateException(
          "Expected to claim step " + step + " of run " + runId + ", but it kept changing");
    }
    return begin(runId, step, owner, jobKey, staleAfter, depth + 1);
  }

  /** Beats the owner's heartbeat; false when the step is no longer the owner's. */
  public boolean heartbeat(String runId, String step, String owner) {
    return jdbc.sql(
                "update step_records set heartbeat_at = ? where run_id = ? and step = ?"
                    + " and owner = ? and state = 'started'")
            .params(Timestamp.from(clock.instant()), runId, step, owner)
            .update()
        == 1;
  }

  public void succeeded(String runId, String step, String owner, String resultJson) {
    finish(runId, step, owner, StepRecord.SUCCEEDED, resultJson, null, null);
  }

  /** Records a failure: with an error code a business outcome, without one a technical failure. */
  public void failed(String runId, String step, String owner, String errorCode, String message) {
    finish(
        runId,
        step,
        owner,
        StepRecord.FAILED,
        null,
        errorCode,
        ReleaseLedger.truncate(message, 1000));
  }

  private void finish(
      String runId,
      String step,
      String owner,
      String state,
      String result,
      String errorCode,
      String message) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql(
            "update step_records set state = ?, result = ?, error_code = ?, error_message = ?,"
                + " heartbeat_at = ?, finished_at = ? where run_id = ? and step = ? and owner = ?")
        .params(state, result, errorCode, message, now, now, runId, step, owner)
        .update();
  }

  /**
   * The steps whose owner starts with {@code ownerPrefix} (one Modelship instance) that are still
   * started, or that ended after {@code endedAfter}: the jobs that instance may still hold in the
   * engine, because it died before it answered them.
   */
  public List<StepRecord> heldBy(String ownerPrefix, Instant endedAfter) {
    String like = ownerPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return jdbc.sql(
            "select * from step_records where owner like ? escape '\\' and job_key is not null"
                + " and (state = 'started' or finished_at > ?) order by started_at, step")
        .params(like, Timestamp.from(endedAfter))
        .query(StepRecords::record)
        .list();
  }

  /**
   * Marks a started step of a dead owner as abandoned (its heartbeat long past), so the next
   * delivery of its job takes it over at once instead of waiting {@code staleAfter}. Only while
   * {@code owner} still holds it; false otherwise.
   */
  public boolean abandon(String runId, String step, String owner) {
    return jdbc.sql(
                "update step_records set heartbeat_at = ? where run_id = ? and step = ?"
                    + " and owner = ? and state = 'started'")
            .params(Timestamp.from(Instant.EPOCH), runId, step, owner)
            .update()
        == 1;
  }

  public Optional<StepRecord> find(String runId, String step) {
    return jdbc.sql("select * from step_records where run_id = ? and step = ?")
        .params(runId, step)
        .query(StepRecords::record)
        .optional();
  }

  /** The steps of one run, in the order they started. */
  public List<StepRecord> ofRun(String runId) {
    return jdbc.sql("select * from step_records where run_id = ? order by started_at, step")
        .param(runId)
        .query(StepRecords::record)
        .list();
  }

  private static StepRecord record(ResultSet rs, int row) throws SQLException {
    long key = rs.getLong("job_key");
    Long jobKey = rs.wasNull() ? null : key;
    Instant heartbeat = ReleaseLedger.instant(rs, "heartbeat_at");
    return new StepRecord(
        rs.getString("run_id"),
        rs.getString("step"),
        rs.getString("state"),
        rs.getString("owner"),
        jobKey,
        rs.getInt("attempts"),
        rs.getString("result"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        ReleaseLedger.instant(rs, "started_at"),
        heartbeat,
        ReleaseLedger.instant(rs, "finished_at"));
  }
}
