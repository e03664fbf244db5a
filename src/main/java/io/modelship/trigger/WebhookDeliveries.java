package io.modelship.trigger;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook deliveries already handled, by source and delivery id, so a delivery sent twice (a
 * redelivery from GitHub's settings page, or a retry after a timeout) starts nothing new.
 */
@Component
public class WebhookDeliveries {

  private final JdbcClient jdbc;
  private final Clock clock;

  public WebhookDeliveries(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims a delivery id. Returns empty when it is new (the caller handles it), else the outcome
   * recorded for it the first time (a run id, or {@code ""} while the first handling runs or when
   * it started nothing).
   */
  public Optional<String> claim(String source, String deliveryId) {
    try {
      jdbc.sql("insert into webhook_deliveries (source, delivery_id, received_at) values (?, ?, ?)")
          .params(source, deliveryId, Timestamp.from(clock.instant()))
          .update();
      return Optional.empty();
    } catch (DuplicateKeyException seen) {
      return Optional.of(
          jdbc.sql(
                  "select coalesce(run_id, '') from webhook_deliveries where source = ? and"
                      + " delivery_id = ?")
              .params(source, deliveryId)
              .query(String.class)
              .single());
    }
  }

  /** Records what the delivery started. */
  public void handled(String source, String deliveryId, String runId) {
    jdbc.sql("update webhook_deliveries set run_id = ? where source = ? and delivery_id = ?")
        .params(runId, source, deliveryId)
        .update();
  }

  /** Forgets a delivery whose handling failed, so the sender's retry is handled afresh. */
  public void forget(String source, String deliveryId) {
    jdbc.sql("delete from webhook_deliveries where source = ? and delivery_id = ?")
        .params(source, deliveryId)
        .update();
  }
}
