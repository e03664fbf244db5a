package io.modelship.notify;

import io.modelship.build.AppNotifications;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable outbox of notifications, in the ledger's database. Adding is idempotent per (run,
 * origin, channel); taking a due entry is a compare-and-set on its attempts, so two dispatchers
 * (two Modelship instances) never deliver one attempt twice.
 */
@Component
public class NotificationOutbox {

  private static final int MAX_ERROR = 1000;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  NotificationOutbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /** Adds the notification for the channel, due now; false when it was added before. */
  boolean add(
      String runId,
      String origin,
      String channel,
      AppNotifications.Channel spec,
      Notification notification) {
    Timestamp now = Timestamp.from(clock.instant());
    try {
      jdbc.sql(
              "insert into notification_outbox (delivery_id, run_id, origin, channel, channel_spec,"
                  + " event, app, notification, state, attempts, next_attempt_at, created_at)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")
          .params(
              UUID.randomUUID().toString(),
              runId,
              origin,
              channel,
              json.writeValueAsString(spec),
              notification.event(),
              notification.app(),
              json.writeValueAsString(notification),
              OutboxEntry.PENDING,
              now,
              now)
          .update();
      return true;
    } catch (DuplicateKeyException alreadyThere) {
      return false;
    }
  }

  /** Pending entries whose next attempt is due, oldest first. */
  List<OutboxEntry> due(int limit) {
    return jdbc.sql(
            "select * from notification_outbox where state = ? and next_attempt_at <= ?"
                + " order by next_attempt_at, created_at fetch first "
                + Math.max(1, limit)
                + " rows only")
        .params(OutboxEntry.PENDING, Timestamp.from(clock.instant()))
        .query(this::entry)
        .list();
  }

  /**
   * Takes the entry for one attempt: moves its next attempt to {@code leaseUntil}, so no other
   * dispatcher takes it meanwhile; false when another took it first.
   */
  boolean take(OutboxEntry entry, Instant leaseUntil) {
    return jdbc.sql(
                "update notification_outbox set next_attempt_at = ?, attempts = attempts + 1"
                    + " where delivery_id = ? and state = ? and attempts = ?")
            .params(
                Timestamp.from(leaseUntil),
                entry.deliveryId(),
                OutboxEntry.PENDING,
                entry.attempts())
            .update()
        == 1;
  }

  void delivered(String deliveryId) {
    jdbc.sql(
            "update notification_outbox set state = ?, delivered_at = ?, last_error = null"
                + " where delivery_id = ?")
        .params(OutboxEntry.DELIVERED, Timestamp.from(clock.instant()), deliveryId)
        .update();
  }

  void retryAt(String deliveryId, Instant next, String maskedError) {
    jdbc.sql(
            "update notification_outbox set next_attempt_at = ?, last_error = ? where delivery_id"
                + " = ?")
        .params(Timestamp.from(next), truncate(maskedError), deliveryId)
        .update();
  }

  void gaveUp(String deliveryId, String maskedError) {
    jdbc.sql("update notification_outbox set state = ?, last_error = ? where delivery_id = ?")
        .params(OutboxEntry.GAVE_UP, truncate(maskedError), deliveryId)
        .update();
  }

  /** The run's entries, oldest first. */
  public List<OutboxEntry> ofRun(String runId) {
    return jdbc.sql(
            "select * from notification_outbox where run_id = ? order by created_at, origin")
        .param(runId)
        .query(this::entry)
        .list();
  }

  private OutboxEntry entry(ResultSet rs, int row) throws SQLException {
    Timestamp delivered = rs.getTimestamp("delivered_at");
    return new OutboxEntry(
        rs.getString("delivery_id"),
        rs.getString("run_id"),
        rs.getString("origin"),
        rs.getString("channel"),
        json.readValue(rs.getString("channel_spec"), AppNotifications.Channel.class),
        json.readValue(rs.getString("notification"), Notification.class),
        rs.getString("state"),
        rs.getInt("attempts"),
        rs.getTimestamp("next_attempt_at").toInstant(),
        rs.getString("last_error"),
        delivered == null ? null : delivered.toInstant());
  }

  private static String truncate(String text) {
    return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
  }
}
