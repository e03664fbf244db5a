package io.modelship.notify;

import io.modelship.build.AppNotifications;
import java.time.Instant;

/** One row of the notification outbox: a notification for one channel, and how it went. */
public record OutboxEntry(
    String deliveryId,
    String runId,
    String origin,
    String channel,
    AppNotifications.Channel spec,
    Notification notification,
    String state,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant deliveredAt) {

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String GAVE_UP = "gave-up";
}
