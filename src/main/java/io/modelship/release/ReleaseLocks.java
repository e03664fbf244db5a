package io.modelship.release;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One release at a time per app. A run claims the app's lock before it deploys anything and
 * releases it on every way out; a lock whose owner no longer runs is stale and can be taken over.
 */
@Component
public class ReleaseLocks {

  /** What a claim found: the lock is the caller's now, or another live run holds it. */
  public record Claim(boolean claimed, ReleaseLock holder) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  public ReleaseLocks(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims the app's lock for {@code runId}. Claiming a lock the run already holds succeeds (a
   * re-delivered job, or the API's claim followed by the process's). A lock held by another run is
   * taken over only when {@code stale} says its owner no longer runs.
   */
  @Transactional
  public Claim claim(
      String app, String runId, Long processInstanceKey, Predicate<ReleaseLock> stale) {
    Optional<ReleaseLock> holder = holder(app);
    if (holder.isEmpty()) {
      try {
        jdbc.sql(
                "insert into release_locks (app, owner_run_id, process_instance_key, claimed_at)"
                    + " values (?, ?, ?, ?)")
            .params(app, runId, processInstanceKey, Timestamp.from(clock.instant()))
            .update();
        return new Claim(true, holder(app).orElseThrow());
      } catch (DuplicateKeyException raced) {
        holder = holder(app);
        if (holder.isEmpty()) {
          return claim(app, runId, processInstanceKey, stale);
        }
      }
    }
    ReleaseLock current = holder.get();
    if (current.ownerRunId().equals(runId)) {
      if (processInstanceKey != null && current.processInstanceKey() == null) {
        attachProcessInstance(runId, processInstanceKey);
      }
      return new Claim(true, holder(app).orElseThrow());
    }
    if (!stale.test(current)) {
      return new Claim(false, current);
    }
    // Compare-and-set on the old owner: of two runs taking over at once, one wins.
    int taken =
        jdbc.sql(
                "update release_locks set owner_run_id = ?, process_instance_key = ?,"
                    + " claimed_at = ? where app = ? and owner_run_id = ?")
            .params(
                runId,
                processInstanceKey,
                Timestamp.from(clock.instant()),
                app,
                current.ownerRunId())
            .update();
    ReleaseLock now = holder(app).orElseThrow();
    return new Claim(taken == 1 && now.ownerRunId().equals(runId), now);
  }

  /** Records the process instance of a run that claimed locks before its instance existed. */
  public void attachProcessInstance(String runId, long processInstanceKey) {
    jdbc.sql("update release_locks set process_instance_key = ? where owner_run_id = ?")
        .params(processInstanceKey, runId)
        .update();
  }

  /** Releases the app's lock if {@code runId} holds it; returns whether it did. */
  public boolean release(String app, String runId) {
    return jdbc.sql("delete from release_locks where app = ? and owner_run_id = ?")
            .params(app, runId)
            .update()
        == 1;
  }

  public Optional<ReleaseLock> holder(String app) {
    return jdbc.sql("select * from release_locks where app = ?")
        .param(app)
        .query(
            (rs, row) -> {
              long key = rs.getLong("process_instance_key");
              Long processInstanceKey = rs.wasNull() ? null : key;
              return new ReleaseLock(
                  rs.getString("app"),
                  rs.getString("owner_run_id"),
                  processInstanceKey,
                  ReleaseLedger.instant(rs, "claimed_at"));
            })
        .optional();
  }
}
