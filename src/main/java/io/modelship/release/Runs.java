package io.modelship.release;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The runs Modelship started, and the process instance behind each. */
@Component
public class Runs {

  private final JdbcClient jdbc;
  private final Clock clock;

  public Runs(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records a run; recording the same run id again changes nothing. */
  public void record(String runId, String kind, String app, String startedBy) {
    try {
      jdbc.sql(
              "insert into runs (run_id, kind, app, started_by, created_at)"
                  + " values (?, ?, ?, ?, ?)")
          .params(runId, kind, app, startedBy, Timestamp.from(clock.instant()))
          .update();
    } catch (DuplicateKeyException recordedBefore) {
      // the same run, recorded by a re-delivered job: nothing changes
    }
  }

  /**
   * The run of a process instance that Modelship did not start itself (the nightly timer started
   * it): found when recorded before, else recorded now under {@code newRunId}. Two deliveries at
   * once agree on one run id: the index on the instance key lets only one row in.
   */
  public String ofInstance(
      long processInstanceKey, String kind, String startedBy, Supplier<String> newRunId) {
    Optional<Run> recorded = findByProcessInstance(processInstanceKey);
    if (recorded.isPresent()) {
      return recorded.get().runId();
    }
    try {
      jdbc.sql(
              "insert into runs (run_id, kind, app, process_instance_key, started_by, created_at)"
                  + " values (?, ?, null, ?, ?, ?)")
          .params(
              newRunId.get(), kind, processInstanceKey, startedBy, Timestamp.from(clock.instant()))
          .update();
    } catch (DuplicateKeyException raced) {
      // another delivery of the same job recorded the instance's run first: use that one
    }
    return findByProcessInstance(processInstanceKey).orElseThrow().runId();
  }

  public Optional<Run> findByProcessInstance(long processInstanceKey) {
    return jdbc.sql("select * from runs where process_instance_key = ?")
        .param(processInstanceKey)
        .query(Runs::run)
        .optional();
  }

  public void attachProcessInstance(String runId, long processInstanceKey) {
    jdbc.sql("update runs set process_instance_key = ? where run_id = ?")
        .params(processInstanceKey, runId)
        .update();
  }

  public Optional<Run> find(String runId) {
    return jdbc.sql("select * from runs where run_id = ?").param(runId).query(Runs::run).optional();
  }

  /** The newest runs first. */
  public List<Run> newest(int limit) {
    return jdbc.sql(
            "select * from runs order by created_at desc, run_id desc fetch first ? rows only")
        .param(limit)
        .query(Runs::run)
        .list();
  }

  /**
   * One page of runs, newest first, of one app and kind when given (null: any).
   *
   * @param offset how many of the newest to pass over
   */
  public List<Run> page(String app, String kind, int offset, int limit) {
    return jdbc.sql(
            "select * from runs where (cast(? as varchar) is null or app = ?)"
                + " and (cast(? as varchar) is null or kind = ?)"
                + " order by created_at desc, run_id desc offset ? rows fetch next ? rows only")
        .params(app, app, kind, kind, offset, limit)
        .query(Runs::run)
        .list();
  }

  /**
   * One page of the runs whose process instance is one of {@code keys}, newest first, of one app
   * and kind when given (null: any).
   */
  public List<Run> pageOfInstances(
      Collection<Long> keys, String app, String kind, int offset, int limit) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select * from runs where process_instance_key in (:keys)"
                + " and (cast(:app as varchar) is null or app = :app)"
                + " and (cast(:kind as varchar) is null or kind = :kind)"
                + " order by created_at desc, run_id desc offset :offset rows fetch next :limit"
                + " rows only")
        .param("keys", List.copyOf(keys))
        .param("app", app)
        .param("kind", kind)
        .param("offset", offset)
        .param("limit", limit)
        .query(Runs::run)
        .list();
  }

  /** The apps that have runs, in name order. */
  public List<String> apps() {
    return jdbc.sql("select distinct app from runs where app is not null order by app")
        .query(String.class)
        .list();
  }

  private static Run run(ResultSet rs, int row) throws SQLException {
    long key = rs.getLong("process_instance_key");
    Long processInstanceKey = rs.wasNull() ? null : key;
    return new Run(
        rs.getString("run_id"),
        rs.getString("kind"),
        rs.getString("app"),
        processInstanceKey,
        rs.getString("started_by"),
        ReleaseLedger.instant(rs, "created_at"));
  }
}
